import { mapPool, PoolDeadlineError } from './pool.js';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('mapPool', () => {
  it('keeps the order of the items whatever order the tasks finish in', async () => {
    const results = await mapPool([30, 10, 20, 0], 4, async (ms, index) => {
      await delay(ms);
      return index;
    });
    expect(results).toEqual([0, 1, 2, 3].map((value) => ({ ok: true, value })));
  });

  it('never runs more than `concurrency` tasks at once', async () => {
    let running = 0;
    let peak = 0;
    await mapPool(
      Array.from({ length: 20 }, (_, i) => i),
      3,
      async () => {
        running += 1;
        peak = Math.max(peak, running);
        await delay(1);
        running -= 1;
      },
    );
    expect(peak).toBe(3);
  });

  it('reports a failing item as its own result and finishes the others', async () => {
    const results = await mapPool([1, 2, 3], 2, async (n) => {
      if (n === 2) throw new Error('boom');
      return n * 10;
    });
    expect(results[0]).toEqual({ ok: true, value: 10 });
    expect(results[1]).toMatchObject({ ok: false, error: new Error('boom') });
    expect(results[2]).toEqual({ ok: true, value: 30 });
  });

  it('starts nothing more once the time is up', async () => {
    let started = 0;
    const results = await mapPool(
      [1, 2, 3, 4],
      1,
      async (n) => {
        started += 1;
        return n;
      },
      () => started >= 2,
    );
    expect(started).toBe(2);
    expect(results.slice(2).every((r) => !r.ok && r.error instanceof PoolDeadlineError)).toBe(true);
  });

  it('handles an empty list', async () => {
    expect(await mapPool([], 4, async () => 1)).toEqual([]);
  });
});
