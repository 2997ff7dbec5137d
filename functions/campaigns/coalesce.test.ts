import { coalesce } from './coalesce.js';

describe('coalesce', () => {
  it('hands the calls of one turn to one run, each caller getting its own result', async () => {
    const runs: number[][] = [];
    const double = coalesce(async (inputs: number[]) => {
      runs.push(inputs);
      return inputs.map((n) => n * 2);
    }, 10);
    expect(await Promise.all([1, 2, 3].map(double))).toEqual([2, 4, 6]);
    expect(runs).toEqual([[1, 2, 3]]);
    expect(await double(5)).toBe(10);
    expect(runs).toEqual([[1, 2, 3], [5]]);
  });

  it('never puts more than maxBatch in one run', async () => {
    const runs: number[][] = [];
    const echo = coalesce(async (inputs: number[]) => {
      runs.push(inputs);
      return inputs;
    }, 4);
    const all = Array.from({ length: 10 }, (_, i) => i);
    expect(await Promise.all(all.map(echo))).toEqual(all);
    expect(runs.map((run) => run.length)).toEqual([4, 4, 2]);
  });

  it('a failed run fails every caller of that batch, and only them', async () => {
    let fail = true;
    const flaky = coalesce(async (inputs: string[]) => {
      if (fail) throw new Error('database gone');
      return inputs;
    }, 10);
    const first = await Promise.allSettled([flaky('a'), flaky('b')]);
    expect(first.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await flaky('c')).toBe('c');
  });
});
