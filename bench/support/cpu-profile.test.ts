import { type CpuProfile, packageOf, selfTime } from './cpu-profile.js';

const ROOT = '/repo';

// root → idle, and root → a pg frame → a frame of ours; samples every 1 ms from t = 1000 µs.
const profile: CpuProfile = {
  startTime: 1_000,
  endTime: 7_000,
  nodes: [
    { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 }, children: [2, 3] },
    { id: 2, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } },
    {
      id: 3,
      callFrame: { functionName: 'query', url: 'file:///repo/node_modules/pg/lib/client.js', lineNumber: 9 },
      children: [4],
    },
    {
      id: 4,
      callFrame: {
        functionName: 'listPeriod',
        url: 'file:///repo/functions/calendar/list-period.ts',
        lineNumber: 0,
      },
    },
  ],
  // at 2, 3, 4, 5, 6, 7 ms: idle, pg, ours, ours, idle, pg
  samples: [2, 3, 4, 4, 2, 3],
  timeDeltas: [1_000, 1_000, 1_000, 1_000, 1_000, 1_000],
};

describe('CPU profile self time', () => {
  it('attributes frames to their npm package, a Node built-in or our folder', () => {
    expect(packageOf('file:///repo/node_modules/@hapi/hapi/lib/request.js', 'x', ROOT)).toBe('@hapi/hapi');
    expect(packageOf('file:///repo/node_modules/pg/lib/client.js', 'x', ROOT)).toBe('pg');
    expect(packageOf('node:net', 'x', ROOT)).toBe('node:net');
    expect(packageOf('file:///repo/layers/platform/http/handler.ts', 'x', ROOT)).toBe('layers/platform/http');
    expect(packageOf('', 'writev', ROOT)).toBe('writev');
  });

  it('sums self time per package and frame over the whole profile', () => {
    const result = selfTime(profile, ROOT);
    expect(result.totalMs).toBe(6);
    expect(result.idleShare).toBeCloseTo(2 / 6);
    expect(result.byPackage).toEqual([
      ['(idle)', 2 / 6],
      ['pg', 2 / 6],
      ['functions/calendar/list-period.ts', 2 / 6],
    ]);
    expect(result.byFrame.map(([frame]) => frame)).toContain(
      'listPeriod functions/calendar/list-period.ts:1',
    );
  });

  it('counts only the samples inside the window', () => {
    // Samples at 4 and 5 ms (both in our frame); 6 ms is the window's end, left out.
    const result = selfTime(profile, ROOT, { fromUs: 4_000, toUs: 6_000 });
    expect(result.totalMs).toBe(2);
    expect(result.idleShare).toBe(0);
    expect(result.byPackage).toEqual([['functions/calendar/list-period.ts', 1]]);
  });
});
