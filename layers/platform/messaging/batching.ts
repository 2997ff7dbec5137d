/** The outcome of one input of a batch: its own result or its own error. */
export type Outcome<O> = { ok: true; value: O } | { ok: false; error: unknown };

interface Waiting<I, O> {
  input: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Joins the calls made in one turn of the event loop into one call of `run` with all their inputs, and
 * gives each caller its own outcome back.
 *
 * Why: the platform's SQS consumer (`consumer.ts`) handles every record of a batch on
 * its own (its own correlation id, span and partial-failure entry), and starts all of them at once:
 * each record's handler reaches here before any of them waits for I/O. So a whole SQS batch arrives in
 * one turn, and `run` can treat it as one: one transaction, one contract call, instead of one per
 * record. A record whose outcome is an error still fails alone (its own `batchItemFailures` entry).
 * Calls that arrive in a later turn form the next group: timing decides only how much is shared, never
 * an outcome. `run` runs in the async context of the first caller of its group; anything per record
 * (a correlation id) travels in the input.
 */
export function batchPerTurn<I, O>(
  run: (inputs: I[]) => Promise<Outcome<O>[]>,
  options: { maxSize?: number } = {},
): (input: I) => Promise<O> {
  const maxSize = options.maxSize ?? 100;
  let waiting: Waiting<I, O>[] | undefined;

  const flush = async (group: Waiting<I, O>[]) => {
    let outcomes: Outcome<O>[];
    try {
      outcomes = await run(group.map((entry) => entry.input));
    } catch (error) {
      outcomes = group.map(() => ({ ok: false, error }));
    }
    group.forEach((entry, index) => {
      const outcome = outcomes[index] ?? { ok: false, error: new Error('no outcome for this input') };
      if (outcome.ok) entry.resolve(outcome.value);
      else entry.reject(outcome.error);
    });
  };

  return (input) =>
    new Promise<O>((resolve, reject) => {
      if (!waiting || waiting.length >= maxSize) {
        const group: Waiting<I, O>[] = [];
        waiting = group;
        // setImmediate runs after every pending microtask: all records started in this turn are in.
        setImmediate(() => {
          if (waiting === group) waiting = undefined;
          void flush(group);
        });
      }
      waiting.push({ input, resolve, reject });
    });
}

/** Runs `work` for every item with at most `limit` at a time; outcomes in the order of `items`. */
export async function settleWithLimit<T, O>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<O>,
): Promise<Outcome<O>[]> {
  const outcomes: Outcome<O>[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      try {
        outcomes[index] = { ok: true, value: await work(items[index] as T) };
      } catch (error) {
        outcomes[index] = { ok: false, error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return outcomes;
}
