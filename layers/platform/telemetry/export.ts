import fs from 'node:fs/promises';
import path from 'node:path';
import { telemetryConfig } from './config.js';
import { finishedSpans, type Span } from './trace.js';

/** The local span file (npm start): one JSON span per line, rotated at this size (one old file kept). */
export const SPAN_FILE = 'spans.ndjson';
const ROTATE_BYTES = 20 * 1024 * 1024;

/**
 * Exports the spans this container finished: appended to the local trace directory and/or POSTed as
 * OTLP/HTTP JSON to OTEL_EXPORTER_OTLP_ENDPOINT (Jaeger, an OTel collector, ADOT on AWS). Called at the
 * end of each invocation (a frozen Lambda container cannot export later). Never throws.
 */
export async function flushSpans(): Promise<void> {
  if (finishedSpans.length === 0) return;
  const spans = finishedSpans.splice(0, finishedSpans.length);
  const config = telemetryConfig();
  const service = config.OTEL_SERVICE_NAME;
  await Promise.all([
    config.SYNCORE_TRACE_DIR ? appendLocal(config.SYNCORE_TRACE_DIR, spans, service) : undefined,
    config.OTEL_EXPORTER_OTLP_ENDPOINT
      ? postOtlp(config.OTEL_EXPORTER_OTLP_ENDPOINT, spans, service)
      : undefined,
  ]).catch(() => undefined);
}

async function appendLocal(dir: string, spans: Span[], service: string): Promise<void> {
  const file = path.join(dir, SPAN_FILE);
  const lines = spans
    .map((span) => JSON.stringify({ ...span, service: span.attributes['faas.name'] || service }))
    .join('\n');
  await fs.mkdir(dir, { recursive: true });
  const size = await fs.stat(file).then(
    (stat) => stat.size,
    () => 0,
  );
  if (size > ROTATE_BYTES) await fs.rename(file, `${file}.1`).catch(() => undefined);
  await fs.appendFile(file, `${lines}\n`);
}

const attribute = (key: string, value: string | number | boolean) => ({
  key,
  value:
    typeof value === 'number'
      ? Number.isInteger(value)
        ? { intValue: value }
        : { doubleValue: value }
      : typeof value === 'boolean'
        ? { boolValue: value }
        : { stringValue: value },
});

const nanos = (ms: number) => `${BigInt(Math.round(ms * 1000)) * 1000n}`;

/** OTLP/HTTP with the JSON encoding (the collector's and Jaeger's :4318), bounded to one second. */
export function otlpPayload(spans: Span[], service: string) {
  return {
    resourceSpans: [
      {
        resource: { attributes: [attribute('service.name', service)] },
        scopeSpans: [
          {
            scope: { name: 'syncore' },
            spans: spans.map((span) => ({
              traceId: span.traceId,
              spanId: span.spanId,
              parentSpanId: span.parentSpanId ?? '',
              name: span.name,
              kind: span.kind,
              startTimeUnixNano: nanos(span.startMs),
              endTimeUnixNano: nanos(span.endMs ?? span.startMs),
              attributes: Object.entries(span.attributes).map(([key, value]) => attribute(key, value)),
              status: { code: span.status, message: span.statusMessage ?? '' },
            })),
          },
        ],
      },
    ],
  };
}

async function postOtlp(endpoint: string, spans: Span[], service: string): Promise<void> {
  await nativeFetch(`${endpoint.replace(/\/$/, '')}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(otlpPayload(spans, service)),
    signal: AbortSignal.timeout(1_000),
  });
}

/** fetch as Node ships it (instrument.ts wraps the global one; the exporter must not trace itself). */
export const nativeFetch: typeof fetch = globalThis.fetch.bind(globalThis);
