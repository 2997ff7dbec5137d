import { memorySlotStore, NoSlotBeforeDeadlineError, slotRateLimiter } from './rate-limiter.js';

/** A fake clock: sleeping advances it. */
function clock(start = 1_000_000) {
  let time = start;
  return {
    now: () => time,
    sleep: async (ms: number) => {
      time += ms;
    },
    advance: (ms: number) => {
      time += ms;
    },
  };
}

describe('slotRateLimiter', () => {
  it('spaces requests `intervalMs` apart, the first one at once', async () => {
    const c = clock();
    const limiter = slotRateLimiter(memorySlotStore(), { intervalMs: 110, now: c.now, sleep: c.sleep });
    const sent: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      await limiter.acquire(c.now() + 10_000);
      sent.push(c.now() - 1_000_000);
    }
    expect(sent).toEqual([0, 110, 220, 330, 440]);
  });

  it('gives concurrent callers distinct slots', async () => {
    const store = memorySlotStore();
    const reserved: number[] = [];
    const limiter = slotRateLimiter(store, {
      intervalMs: 100,
      now: () => 0,
      sleep: async (ms) => {
        reserved.push(ms);
      },
    });
    await Promise.all(Array.from({ length: 10 }, () => limiter.acquire(60_000)));
    // The first slot is now (no sleep); the other nine wait 100, 200, ... 900 ms.
    expect(reserved.sort((a, b) => a - b)).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900]);
  });

  it('refuses at once, reserving nothing, when the slot comes after the deadline', async () => {
    const c = clock();
    const store = memorySlotStore();
    const limiter = slotRateLimiter(store, { intervalMs: 1_000, now: c.now, sleep: c.sleep });
    await limiter.acquire(c.now() + 5_000);
    const before = await store.read();
    await expect(limiter.acquire(c.now() + 500)).rejects.toBeInstanceOf(NoSlotBeforeDeadlineError);
    expect(await store.read()).toBe(before);
  });

  it('does not let an idle period build up a burst', async () => {
    const c = clock();
    const limiter = slotRateLimiter(memorySlotStore(), { intervalMs: 100, now: c.now, sleep: c.sleep });
    await limiter.acquire(Number.MAX_SAFE_INTEGER);
    c.advance(10_000);
    const start = c.now();
    await limiter.acquire(Number.MAX_SAFE_INTEGER);
    await limiter.acquire(Number.MAX_SAFE_INTEGER);
    expect(c.now() - start).toBe(100);
  });
});
