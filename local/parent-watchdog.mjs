// Preloaded into serverless-offline (`node --import`): it runs in its own process group, so when the
// local runtime dies without cleaning up (kill -9) nothing would stop it. When our parent goes away
// (stdin pipe closes, or we are re-parented), take the whole group down.
import { isMainThread } from 'node:worker_threads';

// --import applies to worker threads too (--reloadHandler runs handlers in workers), where stdin is an
// empty stream that ends at once: watch from the main thread only.
if (isMainThread) {
  const parent = process.ppid;
  const stopGroup = () => {
    try {
      process.kill(-process.pid, 'SIGTERM');
    } catch {
      process.exit(1);
    }
  };
  process.stdin.on('end', stopGroup);
  process.stdin.on('error', stopGroup);
  process.stdin.resume();
  setInterval(() => {
    if (process.ppid !== parent) stopGroup();
  }, 1000).unref();
}
