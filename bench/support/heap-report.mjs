// Preloaded into the serverless-offline process by the http bench (`SYNCORE_OFFLINE_NODE_ARGS=--expose-gc
// --import …`): on SIGUSR2 it runs a full garbage collection and writes process.memoryUsage() to
// $SYNCORE_HEAP_REPORT, so the bench's leak check reads the heap the process keeps, not the garbage the
// last round left (resident memory sampled after a round swung by ±150 MB between rounds).
import { renameSync, writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const target = process.env.SYNCORE_HEAP_REPORT;
if (isMainThread && target && typeof globalThis.gc === 'function') {
  process.on('SIGUSR2', () => {
    globalThis.gc();
    writeFileSync(`${target}.tmp`, JSON.stringify(process.memoryUsage()));
    renameSync(`${target}.tmp`, target);
  });
}
