import { otlpPayload } from './export.js';
import {
  currentTraceparent,
  finishedSpans,
  formatTraceparent,
  parseTraceparent,
  SpanKind,
  withSpan,
} from './trace.js';

describe('W3C trace context', () => {
  it('parses a valid traceparent and rejects malformed or all-zero ones', () => {
    const header = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    expect(parseTraceparent(header)).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
    });
    expect(formatTraceparent(parseTraceparent(header)!)).toBe(header);
    expect(parseTraceparent('00-00000000000000000000000000000000-00f067aa0ba902b7-01')).toBeUndefined();
    expect(parseTraceparent('garbage')).toBeUndefined();
    expect(parseTraceparent(undefined)).toBeUndefined();
  });
});

describe('spans (tracing on)', () => {
  beforeAll(() => {
    process.env.SYNCORE_TRACE_DIR = '/nonexistent-unit-test-trace-dir';
  });
  afterAll(() => {
    delete process.env.SYNCORE_TRACE_DIR;
  });

  it('continues a remote parent, nests children and carries the current span as traceparent', async () => {
    finishedSpans.length = 0;
    const remote = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    let inner: string | undefined;
    await withSpan('POST /bookings', { kind: SpanKind.server, parent: remote }, async (outer) => {
      await withSpan('SQL INSERT', { kind: SpanKind.client }, async (child) => {
        inner = currentTraceparent();
        expect(child!.parentSpanId).toBe(outer!.spanId);
      });
    });
    const [child, outer] = finishedSpans;
    expect(outer!.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(outer!.parentSpanId).toBe('00f067aa0ba902b7');
    expect(child!.traceId).toBe(outer!.traceId);
    expect(inner).toBe(`00-${child!.traceId}-${child!.spanId}-01`);
    expect(currentTraceparent()).toBeUndefined();
  });

  it('marks a span that threw as an error and rethrows', async () => {
    finishedSpans.length = 0;
    await expect(withSpan('boom', {}, async () => Promise.reject(new Error('nope')))).rejects.toThrow('nope');
    expect(finishedSpans[0]).toMatchObject({ name: 'boom', status: 2, statusMessage: 'nope' });
  });

  it('exports OTLP JSON with nanosecond times and typed attributes', () => {
    const payload = otlpPayload(
      [
        {
          traceId: 'a'.repeat(32),
          spanId: 'b'.repeat(16),
          name: 'GET /health',
          kind: 2,
          startMs: 1000,
          endMs: 1002.5,
          attributes: { 'http.status': 200, ok: true, route: '/health' },
          status: 0,
        },
      ],
      'syncore',
    );
    const span = payload.resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
    expect(span.startTimeUnixNano).toBe('1000000000');
    expect(span.endTimeUnixNano).toBe('1002500000');
    expect(span.attributes).toContainEqual({ key: 'http.status', value: { intValue: 200 } });
    expect(span.attributes).toContainEqual({ key: 'ok', value: { boolValue: true } });
  });
});
