import { Telegram } from 'telegraf';
import { finishedSpans, parseTraceparent, SpanKind, withSpan } from '#platform/telemetry/trace';
import { type FakeTelegram, startFakeTelegram } from '../../../local/telegram-fake/server.js';
import { botApiOptions } from './bot-api.js';

// telegraf's own client (its node-fetch, not the global fetch) against the fake Bot API on http://:
// the request carries the current trace, and the span hides the token in the path.
describe("telegraf's Bot API calls (tracing on)", () => {
  let fake: FakeTelegram;
  beforeAll(async () => {
    process.env.SYNCORE_TRACE_DIR = '/nonexistent-unit-test-trace-dir';
    fake = await startFakeTelegram();
  });
  afterAll(async () => {
    delete process.env.SYNCORE_TRACE_DIR;
    await fake.stop();
  });

  it('carry traceparent of the current trace, with a client span per call', async () => {
    const telegram = new Telegram('4242:secret-token', { ...botApiOptions(fake.url), webhookReply: false });
    finishedSpans.length = 0;
    let traceId: string | undefined;
    await withSpan('POST /telegram/webhook', { kind: SpanKind.server }, async (span) => {
      traceId = span!.traceId;
      await telegram.sendMessage(77, 'hello');
    });
    const [event] = fake.messagesTo(77);
    const sent = parseTraceparent(event?.traceparent);
    expect(event?.text).toBe('hello');
    expect(sent?.traceId).toBe(traceId);
    const span = finishedSpans.find((s) => s.spanId === sent?.spanId);
    expect(span?.name).toBe(`HTTP POST 127.0.0.1:${fake.port}`);
    expect(span?.attributes['url.full']).toBe(`http://127.0.0.1:${fake.port}/bot<token>/sendMessage`);
    expect(JSON.stringify(finishedSpans)).not.toContain('secret-token');
  });
});
