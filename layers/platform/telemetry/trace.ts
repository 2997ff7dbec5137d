import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { tracingEnabled } from './config.js';

/**
 * A small OpenTelemetry-shaped tracer: W3C `traceparent` in and out, spans in the OTel data model,
 * exported as OTLP (export.ts). It stays this small on purpose: the OTel SDK costs ~100 ms of cold start
 * and megabytes of bundle per function; this costs a few objects per invocation, and nothing at all
 * while tracing is off (tracingEnabled() is false and every function below returns at once).
 */
export interface Span {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** OTel span kinds: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: 1 | 2 | 3 | 4 | 5;
  startMs: number;
  endMs?: number;
  attributes: Record<string, string | number | boolean>;
  /** 0 unset, 1 ok, 2 error. */
  status: 0 | 1 | 2;
  statusMessage?: string;
}

export const SpanKind = { internal: 1, server: 2, client: 3, producer: 4, consumer: 5 } as const;

const active = new AsyncLocalStorage<Span>();
/** Spans finished in this container and not exported yet (export.ts drains it after each invocation). */
export const finishedSpans: Span[] = [];
const MAX_BUFFERED = 5_000;

// Ids come from a pool of random bytes refilled 4 KB at a time: one call into the CSPRNG per ~170 spans
// instead of two per span.
let pool = Buffer.alloc(0);
let poolOffset = 0;
function randomHex(bytes: number): string {
  if (poolOffset + bytes > pool.length) {
    pool = randomBytes(4096);
    poolOffset = 0;
  }
  poolOffset += bytes;
  return pool.toString('hex', poolOffset - bytes, poolOffset);
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

export function parseTraceparent(
  value: string | undefined | null,
): { traceId: string; spanId: string } | undefined {
  const match = value ? TRACEPARENT.exec(value.trim().toLowerCase()) : null;
  if (!match || /^0+$/.test(match[1]!) || /^0+$/.test(match[2]!)) return undefined;
  return { traceId: match[1]!, spanId: match[2]! };
}

export const formatTraceparent = (span: Pick<Span, 'traceId' | 'spanId'>) =>
  `00-${span.traceId}-${span.spanId}-01`;

/** The traceparent to send with an outgoing call or message (the current span), if tracing is on. */
export function currentTraceparent(): string | undefined {
  const span = active.getStore();
  return span ? formatTraceparent(span) : undefined;
}

export function currentSpan(): Span | undefined {
  return active.getStore();
}

export interface SpanOptions {
  kind?: Span['kind'];
  attributes?: Span['attributes'];
  /** A remote parent (an incoming traceparent); otherwise the current span, otherwise a new trace. */
  parent?: string;
  startMs?: number;
}

export function startSpan(name: string, options: SpanOptions = {}): Span | undefined {
  if (!tracingEnabled()) return undefined;
  const remote = parseTraceparent(options.parent);
  const local = remote ? undefined : active.getStore();
  return {
    traceId: remote?.traceId ?? local?.traceId ?? randomHex(16),
    spanId: randomHex(8),
    parentSpanId: remote?.spanId ?? local?.spanId,
    name,
    kind: options.kind ?? SpanKind.internal,
    startMs: options.startMs ?? Date.now(),
    // Children carry their invocation's function name, so a trace shows which Lambda did what.
    attributes: {
      ...(local ? { 'faas.name': local.attributes['faas.name'] ?? '' } : {}),
      ...options.attributes,
    },
    status: 0,
  };
}

export function endSpan(span: Span | undefined, error?: unknown, endMs = Date.now()): void {
  if (!span || span.endMs !== undefined) return;
  span.endMs = endMs;
  if (error !== undefined) {
    span.status = 2;
    span.statusMessage = String((error as Error)?.message ?? error).slice(0, 300);
  }
  if (finishedSpans.length < MAX_BUFFERED) finishedSpans.push(span);
}

/** Runs `fn` inside a new span (the current one's child), ending it with the outcome. */
export async function withSpan<T>(
  name: string,
  options: SpanOptions,
  fn: (span?: Span) => Promise<T>,
): Promise<T> {
  const span = startSpan(name, options);
  if (!span) return fn();
  try {
    const result = await active.run(span, () => fn(span));
    endSpan(span);
    return result;
  } catch (error) {
    endSpan(span, error);
    throw error;
  }
}

/** Records a span that already happened (e.g. a SQL statement reported with its duration). */
export function recordSpan(
  name: string,
  durationMs: number,
  options: SpanOptions & { error?: unknown } = {},
): void {
  if (!active.getStore()) return; // outside any traced invocation: nothing to attach it to
  const end = Date.now();
  const span = startSpan(name, { ...options, startMs: end - durationMs });
  endSpan(span, options.error, end);
}

/** Runs `fn` with `span` as the current span (children attach to it); the caller ends the span. */
export function runInSpan<T>(span: Span, fn: () => T): T {
  return active.run(span, fn);
}
