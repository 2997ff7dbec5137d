import { currentFunctionName } from '../observability.js';
import { telemetryConfig } from './config.js';
import { flushSpans } from './export.js';
import { installFetchTracing } from './instrument.js';
import { flushRequestMetrics, recordInvocation, type SeriesLabels } from './request-metrics.js';
import { endSpan, runInSpan, type Span, SpanKind, startSpan } from './trace.js';

export interface InvocationInfo {
  kind: SeriesLabels['kind'];
  /** Route template (`/events/{id}`), queue, function or contract name: always a bounded set. */
  name: string;
  method: string;
  /** An incoming W3C traceparent (header, message attribute, invoke payload). */
  parent?: string;
  correlationId: string;
}

/**
 * What every entry point of the shared chain (HTTP, SQS consumer, cron, sync contract) does around an
 * invocation: a server span continuing the caller's trace, one request-metrics sample, and the flush of
 * both before the invocation ends (a Lambda container may be frozen right after it returns).
 */
export async function observeInvocation<T>(
  info: InvocationInfo,
  fn: (span: Span | undefined) => Promise<T>,
  statusOf: (result: T | undefined, error: unknown) => string,
): Promise<T> {
  installFetchTracing();
  const started = performance.now();
  const span = startSpan(`${info.kind === 'http' ? info.method : info.kind} ${info.name}`, {
    kind: info.kind === 'sqs' ? SpanKind.consumer : SpanKind.server,
    parent: info.parent,
    attributes: {
      'syncore.correlation_id': info.correlationId,
      'syncore.trigger': info.kind,
      'faas.name': currentFunctionName() ?? 'unknown',
    },
  });
  let result: T | undefined;
  let failure: unknown;
  try {
    result = span ? await runInSpan(span, () => fn(span)) : await fn(undefined);
    return result;
  } catch (error) {
    failure = error;
    throw error;
  } finally {
    const status = statusOf(result, failure);
    recordInvocation(
      { kind: info.kind, name: info.name, method: info.method, status },
      performance.now() - started,
    );
    if (span) {
      span.attributes['syncore.status'] = status;
      const serverError = /^5/.test(status) || status === 'error' || failure !== undefined;
      endSpan(span, serverError ? (failure ?? `status ${status}`) : undefined);
    }
    if (telemetryConfig().SYNCORE_TELEMETRY_BACKGROUND) startBackgroundFlush();
    else await flushTelemetry();
  }
}

const flushTelemetry = () => Promise.all([flushRequestMetrics(), flushSpans()]);

/** How often a process that is never frozen writes its counters and spans (SYNCORE_TELEMETRY_BACKGROUND). */
export const BACKGROUND_FLUSH_MS = 200;
let backgroundFlush: NodeJS.Timeout | undefined;

function startBackgroundFlush(): void {
  if (backgroundFlush) return;
  let running = false;
  backgroundFlush = setInterval(() => {
    if (running) return;
    running = true;
    void flushTelemetry().finally(() => {
      running = false;
    });
  }, BACKGROUND_FLUSH_MS);
  // The timer never keeps a process alive on its own.
  backgroundFlush.unref();
}
