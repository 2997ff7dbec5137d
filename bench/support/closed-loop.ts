// Helpers the HTTP benches on the local runtime share: a stack in a fresh data dir, a registered user,
// and a closed loop of `clients` concurrent callers (throughput and latency percentiles).
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startStack } from '../../tests/support/stack.js';

const round1 = (n: number) => Math.round(n * 10) / 10;
const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : 0;

/** The local runtime (`npm start`'s) on its own data dir; returns the stack and that dir. */
export async function startBenchStack() {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'syncore-bench-'));
  await fs.chmod(dataDir, 0o755);
  return { stack: await startStack({ dataDir }), dataDir };
}

/** POST /auth/register with a fresh e-mail: the user's bearer token and id. */
export async function registerUser(baseUrl: string): Promise<{ token: string; user: { id: string } }> {
  const response = await fetch(`${baseUrl}/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: `bench-${randomUUID()}@example.test`,
      password: 'bench-password-123',
      name: 'Bench',
    }),
  });
  if (!response.ok) throw new Error(`register: ${response.status}`);
  return (await response.json()) as { token: string; user: { id: string } };
}

/** `total` calls of `once` from `clients` concurrent loops: throughput and latency percentiles. */
export async function closedLoop(total: number, clients: number, once: (i: number) => Promise<boolean>) {
  const latencies: number[] = [];
  let next = 0;
  let failed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < total) {
        const i = next++;
        const t = performance.now();
        if (!(await once(i))) failed++;
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    n: total,
    failed,
    perSecond: round1(total / seconds),
    latencyMs: { p50: round1(percentile(latencies, 50)), p99: round1(percentile(latencies, 99)) },
  };
}
