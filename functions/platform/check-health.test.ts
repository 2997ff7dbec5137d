import { checkHealth } from './check-health.js';

describe('checkHealth', () => {
  it('is degraded when one probe fails or hangs, says which, and keeps the reason for the log', async () => {
    const logged: [string, unknown][] = [];
    const report = await checkHealth(
      {
        fine: async () => 1,
        broken: async () => {
          throw new Error('connect ECONNREFUSED 10.0.3.7:5432');
        },
        hanging: () => new Promise(() => {}),
      },
      (check, error) => logged.push([check, error]),
      50,
    );
    expect(report).toEqual({
      status: 'degraded',
      checks: {
        fine: { status: 'ok', latencyMs: expect.any(Number) },
        broken: { status: 'down', latencyMs: expect.any(Number) },
        hanging: { status: 'down', latencyMs: expect.any(Number) },
      },
    });
    expect(JSON.stringify(report)).not.toContain('10.0.3.7');
    expect(logged.map(([check, error]) => `${check}: ${(error as Error).message}`).sort()).toEqual([
      'broken: connect ECONNREFUSED 10.0.3.7:5432',
      'hanging: no answer within 50 ms',
    ]);
  });
});
