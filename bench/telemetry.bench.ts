// `npm run bench -- telemetry`: what the shared chain's telemetry costs per invocation (issue 13) and
// at import, in three modes, each in a fresh process (config is read once per process, as per container):
// - off: SYNCORE_REQUEST_METRICS=false, no tracing (the baseline: the wrapper alone);
// - metrics: per-invocation counts flushed to the DynamoDB emulator (one UpdateItem pair per flush);
// - tracing: a server span per invocation appended to a local span file (what npm start does).
// Prints one JSON document on stdout.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startDynamoEmulator } from '../local/emulators.js';
import { freePort } from '../local/processes.js';

const INVOCATIONS = 2000;

async function measure(): Promise<void> {
  const started = performance.now();
  const { observeInvocation } = await import('#platform/telemetry/invocation');
  const importMs = performance.now() - started;
  const result: Record<string, number> = { importMs: Math.round(importMs * 10) / 10 };
  for (const concurrency of [1, 10]) {
    let next = 0;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next++ < INVOCATIONS) {
          await observeInvocation(
            { kind: 'http', name: '/bench', method: 'GET', correlationId: 'bench' },
            async () => ({ statusCode: 200 }),
            (response) => String(response?.statusCode),
          );
        }
      }),
    );
    const ms = performance.now() - start;
    result[`c${concurrency}_usPerInvocation`] = Math.round((ms / INVOCATIONS) * 1000);
  }
  process.stdout.write(JSON.stringify(result));
}

async function main(): Promise<void> {
  const port = await freePort();
  const dynamo = await startDynamoEmulator(port);
  const endpoint = `http://127.0.0.1:${port}`;
  const traceDir = mkdtempSync(path.join(os.tmpdir(), 'syncore-bench-trace-'));
  try {
    await new DynamoDBClient({
      endpoint,
      region: 'eu-central-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    }).send(
      new CreateTableCommand({
        TableName: 'syncore-local-cache',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'key', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'key', KeyType: 'HASH' }],
      }),
    );
    const base = {
      ...process.env,
      SYNCORE_BENCH_CHILD: '1',
      DATABASE_URL: 'postgres://bench@127.0.0.1:9/none',
      JWT_SECRET: 'x'.repeat(32),
      DYNAMODB_ENDPOINT: endpoint,
      AWS_ACCESS_KEY_ID: 'x',
      AWS_SECRET_ACCESS_KEY: 'x',
      SYNCORE_REQUEST_METRICS: 'false',
      SYNCORE_TRACE_DIR: '',
      OTEL_EXPORTER_OTLP_ENDPOINT: '',
    };
    const modes: Record<string, NodeJS.ProcessEnv> = {
      off: base,
      metrics: { ...base, SYNCORE_REQUEST_METRICS: 'true' },
      tracing: { ...base, SYNCORE_TRACE_DIR: traceDir },
    };
    const results: Record<string, unknown> = {};
    for (const [mode, env] of Object.entries(modes)) {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', 'bench/run.ts', 'telemetry'],
        { env },
      );
      results[mode] = JSON.parse(stdout);
    }
    console.log(
      JSON.stringify(
        { bench: 'telemetry', invocations: INVOCATIONS, cpus: os.cpus().length, results },
        null,
        2,
      ),
    );
  } finally {
    await dynamo.stop();
    rmSync(traceDir, { recursive: true, force: true });
  }
}

await (process.env.SYNCORE_BENCH_CHILD ? measure() : main());
