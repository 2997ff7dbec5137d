export type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown };

/** The pool stopped handing out work because the caller's time ran out. */
export class PoolDeadlineError extends Error {
  override name = 'PoolDeadlineError';
  constructor() {
    super('no time left for this item');
  }
}

/**
 * Runs `task` over `items` with at most `concurrency` in flight and returns one result per item, in
 * the items' order. A failing item does not stop the others (its error is its result); once `expired()`
 * says the time is up, items not yet started fail with PoolDeadlineError instead of starting. It
 * settles as soon as every started task has settled, so it hangs only if a task does: the tasks given
 * here are bounded by their own deadline.
 */
export async function mapPool<T, R>(
  items: readonly T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<R>,
  expired: () => boolean = () => false,
): Promise<Settled<R>[]> {
  const results = new Array<Settled<R>>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      if (expired()) {
        results[index] = { ok: false, error: new PoolDeadlineError() };
        continue;
      }
      try {
        results[index] = { ok: true, value: await task(items[index]!, index) };
      } catch (error) {
        results[index] = { ok: false, error };
      }
    }
  };
  const workers = Math.max(1, Math.min(concurrency, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}
