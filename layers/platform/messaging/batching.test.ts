import { batchPerTurn, type Outcome, settleWithLimit } from './batching.js';

describe('batchPerTurn', () => {
  it('runs the calls of one turn together and gives each caller its own outcome', async () => {
    const runs: number[][] = [];
    const double = batchPerTurn(async (inputs: number[]): Promise<Outcome<number>[]> => {
      runs.push(inputs);
      return inputs.map((n) =>
        n < 0 ? { ok: false, error: new Error(`negative ${n}`) } : { ok: true, value: n * 2 },
      );
    });

    const results = await Promise.allSettled([double(1), double(-2), double(3)]);

    expect(runs).toEqual([[1, -2, 3]]);
    expect(results).toEqual([
      { status: 'fulfilled', value: 2 },
      { status: 'rejected', reason: new Error('negative -2') },
      { status: 'fulfilled', value: 6 },
    ]);
  });

  it('starts a new group for calls made in a later turn', async () => {
    const runs: string[][] = [];
    const echo = batchPerTurn(async (inputs: string[]) => {
      runs.push(inputs);
      return inputs.map((value) => ({ ok: true as const, value }));
    });
    const first = [echo('a'), echo('b')];
    await new Promise((resolve) => setImmediate(resolve));
    const second = echo('c');
    expect(await Promise.all([...first, second])).toEqual(['a', 'b', 'c']);
    expect(runs).toEqual([['a', 'b'], ['c']]);
  });

  it('rejects every caller of a group when the run itself throws, and caps a group at maxSize', async () => {
    const sizes: number[] = [];
    const broken = batchPerTurn(
      async (inputs: number[]): Promise<Outcome<number>[]> => {
        sizes.push(inputs.length);
        throw new Error('database down');
      },
      { maxSize: 2 },
    );
    const results = await Promise.allSettled([broken(1), broken(2), broken(3)]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(sizes).toEqual([2, 1]);
  });
});

describe('settleWithLimit', () => {
  it('never runs more than the limit at once and keeps the order of the outcomes', async () => {
    let running = 0;
    let most = 0;
    const outcomes = await settleWithLimit([5, 1, 4, 2, 3, 0], 2, async (n) => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, n));
      running -= 1;
      if (n === 0) throw new Error('zero');
      return n * 10;
    });
    expect(most).toBe(2);
    expect(outcomes).toEqual([
      { ok: true, value: 50 },
      { ok: true, value: 10 },
      { ok: true, value: 40 },
      { ok: true, value: 20 },
      { ok: true, value: 30 },
      { ok: false, error: new Error('zero') },
    ]);
  });
});
