import { formatTraces, type StoredSpan, selectTraces } from './trace-store.js';

const span = (over: Partial<StoredSpan>): StoredSpan => ({
  traceId: 't1',
  spanId: 's1',
  name: 'POST /bookings',
  kind: 2,
  startMs: 1000,
  endMs: 1100,
  attributes: {},
  status: 0,
  service: 'createBooking',
  ...over,
});

describe('npm run trace', () => {
  const spans = [
    span({ attributes: { 'syncore.correlation_id': 'corr-1', 'syncore.status': '201' } }),
    span({ spanId: 's2', parentSpanId: 's1', name: 'SQL INSERT', startMs: 1010, endMs: 1020 }),
    span({
      spanId: 's3',
      parentSpanId: 's2',
      name: 'sqs notifications',
      startMs: 1500,
      endMs: 1510,
      status: 2,
      statusMessage: 'boom',
    }),
    span({ traceId: 't2', spanId: 'x', name: 'GET /health' }),
  ];

  it('finds a trace by its id or by a correlation id', () => {
    expect(selectTraces(spans, 't1')).toHaveLength(3);
    expect(selectTraces(spans, 'corr-1').map((s) => s.spanId)).toEqual(['s1', 's2', 's3']);
    expect(selectTraces(spans, 'nothing')).toEqual([]);
  });

  it('prints the tree with offsets, durations, statuses and errors', () => {
    const lines = formatTraces(selectTraces(spans, 't1')).split('\n');
    expect(lines[0]).toBe('trace t1  3 spans  510 ms');
    expect(lines[1]).toMatch(/^\+\s+0 ms\s+100 ms {2}POST \/bookings \[201\] {2}\(createBooking\)$/);
    expect(lines[2]).toMatch(/^\+\s+10 ms\s+10 ms {4}SQL INSERT/);
    expect(lines[3]).toMatch(/^\+\s+500 ms\s+10 ms {6}sqs notifications .*ERROR boom$/);
  });
});
