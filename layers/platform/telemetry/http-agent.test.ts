import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { TracingHttpAgent } from './http-agent.js';
import { finishedSpans, parseTraceparent, SpanKind, withSpan } from './trace.js';

/** A server that answers 204 and remembers the traceparent header of each request. */
async function recordingServer() {
  const seen: Array<string | undefined> = [];
  const server = http.createServer((req, res) => {
    seen.push(req.headers.traceparent?.toString());
    res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { seen, port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const get = (agent: http.Agent, port: number, path: string) =>
  new Promise<number>((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent, headers: { accept: 'application/json' } }, (res) => {
        res.resume();
        res.once('end', () => resolve(res.statusCode ?? 0));
      })
      .once('error', reject);
  });

describe('the tracing http agent (tracing on)', () => {
  beforeAll(() => {
    process.env.SYNCORE_TRACE_DIR = '/nonexistent-unit-test-trace-dir';
  });
  afterAll(() => {
    delete process.env.SYNCORE_TRACE_DIR;
  });

  it('sends traceparent of a client span of the current trace, and records the span', async () => {
    const server = await recordingServer();
    const agent = new TracingHttpAgent({ keepAlive: true, redactPath: (p) => p.replace(/secret/, '<x>') });
    try {
      finishedSpans.length = 0;
      let traceId: string | undefined;
      let parentId: string | undefined;
      await withSpan('POST /telegram/webhook', { kind: SpanKind.server }, async (span) => {
        traceId = span!.traceId;
        parentId = span!.spanId;
        expect(await get(agent, server.port, '/botsecret/sendMessage?x=1')).toBe(204);
      });
      const sent = parseTraceparent(server.seen[0]);
      expect(sent?.traceId).toBe(traceId);
      const client = finishedSpans.find((span) => span.spanId === sent?.spanId);
      expect(client).toMatchObject({
        name: `HTTP GET 127.0.0.1:${server.port}`,
        kind: SpanKind.client,
        parentSpanId: parentId,
        attributes: {
          'http.request.method': 'GET',
          'url.full': `http://127.0.0.1:${server.port}/bot<x>/sendMessage`,
          'http.response.status_code': 204,
        },
      });
      expect(client!.endMs).toBeGreaterThanOrEqual(client!.startMs);

      // Outside a traced invocation: a plain request, nothing recorded, the kept-alive socket reused.
      const before = finishedSpans.length;
      expect(await get(agent, server.port, '/health')).toBe(204);
      expect(server.seen[1]).toBeUndefined();
      expect(finishedSpans).toHaveLength(before);
    } finally {
      agent.destroy();
      await server.close();
    }
  });
});
