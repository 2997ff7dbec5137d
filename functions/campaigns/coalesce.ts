/**
 * Turns one-at-a-time calls into batches: the calls made in the same turn of the event loop (up to
 * `maxBatch`) are handed to `run` together, and each caller gets its own item's result or error.
 *
 * The SQS consumer of the platform hands records to the handler one by one, all in the same turn
 * (Powertools' BatchProcessor starts them together); coalescing them gives the sender the whole queue
 * batch, so it pays its round trips (database, breaker, queue) once per batch instead of once per
 * message, while every record still succeeds or fails on its own (partial batch failures).
 */
export function coalesce<I, O>(
  run: (inputs: I[]) => Promise<O[]>,
  maxBatch: number,
): (input: I) => Promise<O> {
  let pending: { input: I; resolve: (output: O) => void; reject: (error: unknown) => void }[] = [];
  const flush = () => {
    const batch = pending;
    pending = [];
    if (batch.length === 0) return;
    run(batch.map((call) => call.input)).then(
      (outputs) => {
        batch.forEach((call, i) => {
          call.resolve(outputs[i] as O);
        });
      },
      (error) => {
        for (const call of batch) call.reject(error);
      },
    );
  };
  return (input) =>
    new Promise<O>((resolve, reject) => {
      pending.push({ input, resolve, reject });
      if (pending.length >= maxBatch) flush();
      else if (pending.length === 1) setImmediate(flush);
    });
}
