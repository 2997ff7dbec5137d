// A load generator in its own process: `node --import tsx bench/support/load.ts '<json options>'` prints
// one LoadResult as JSON. Benches call `loadFrom()`, so the load never competes with the bench's own
// event loop (which also reads the stack's output) for the process it measures.
import { spawn } from 'node:child_process';
import http from 'node:http';

export interface LoadOptions {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Sent as the body of every request (POST). */
  body?: string;
  seconds: number;
  connections?: number;
  /** Status that counts as success (200 unless told). */
  okStatus?: number;
}

export interface LoadResult {
  requests: number;
  /** Answers other than `okStatus` (0 = no answer: a connection error). */
  errors: number;
  /** The answers by status, so an error count says what the errors were. */
  statuses: Record<string, number>;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
}

export const round = (n: number) => Math.round(n * 100) / 100;

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** `connections` keep-alive clients sending one request each after the other for `seconds`. */
export async function generateLoad(options: LoadOptions): Promise<LoadResult> {
  const connections = options.connections ?? 10;
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  let errors = 0;
  const statuses: Record<string, number> = {};
  const deadline = Date.now() + options.seconds * 1000;
  const once = () =>
    new Promise<number>((resolve) => {
      const req = http.request(
        options.url,
        { agent, method: options.method ?? 'GET', headers: options.headers },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', () => resolve(0));
      req.end(options.body);
    });
  const worker = async () => {
    while (Date.now() < deadline) {
      const started = performance.now();
      const status = await once();
      latencies.push(performance.now() - started);
      if (status !== (options.okStatus ?? 200)) errors++;
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: connections }, worker));
  const elapsed = (Date.now() - started) / 1000;
  agent.destroy();
  return {
    requests: latencies.length,
    errors,
    statuses,
    reqPerSec: round(latencies.length / elapsed),
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
  };
}

/** Runs `generateLoad` in a separate Node process and returns its result. */
export function loadFrom(options: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', import.meta.filename, JSON.stringify(options)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`load generator exited with ${code}`));
      else resolve(JSON.parse(out) as LoadResult);
    });
  });
}

if (process.argv[1] === import.meta.filename && process.argv[2]) {
  const result = await generateLoad(JSON.parse(process.argv[2]) as LoadOptions);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
