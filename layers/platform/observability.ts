import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { LogFormatter, Logger, LogItem } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';

interface InvocationContext {
  correlationId: string;
  lambdaContext?: Context;
  /** The container's first invocation (Lambda's cold start). */
  coldStart: boolean;
}

// A request's correlation id and Lambda context live in AsyncLocalStorage rather than module state,
// because serverless-offline --useInProcess runs concurrent invocations in one module instance:
// Powertools' injectLambdaContext would write each invocation's context into the one shared logger.
const invocation = new AsyncLocalStorage<InvocationContext>();

// Unformatted attributes as Powertools hands them to a formatter (its type is not exported).
type Unformatted = Parameters<LogFormatter['formatAttributes']>[0];
type Additional = Parameters<LogFormatter['formatAttributes']>[1];

/**
 * Powertools' own JSON record, with the Lambda context and correlation id of the invocation the line is
 * written in (from AsyncLocalStorage), so one logger serves every concurrent invocation: no child logger
 * (and no new Console) per invocation.
 */
class InvocationLogFormatter extends LogFormatter {
  formatAttributes(attributes: Unformatted, additional: Additional): LogItem {
    const current = invocation.getStore();
    const lambda = current?.lambdaContext;
    return new LogItem({
      attributes: {
        level: attributes.logLevel,
        message: attributes.message,
        timestamp: this.formatTimestamp(attributes.timestamp),
        service: attributes.serviceName,
        cold_start: lambda?.functionName ? current?.coldStart : undefined,
        function_arn: lambda?.invokedFunctionArn,
        function_memory_size: lambda?.memoryLimitInMB ? Number(lambda.memoryLimitInMB) : undefined,
        function_name: lambda?.functionName,
        function_request_id: lambda?.awsRequestId,
        sampling_rate: attributes.sampleRateValue,
        xray_trace_id: attributes.xRayTraceId,
        correlation_id: current?.correlationId,
      },
    }).addAttributes(additional);
  }
}

/**
 * One logger, metrics and tracer for every function (service name and namespace come from
 * POWERTOOLS_* variables in serverless.yml). Logs are JSON on stdout; metrics are EMF.
 */
export const rootLogger = new Logger({ logFormatter: new InvocationLogFormatter() });
// Metrics' own diagnostics go through our logger; "no metrics to publish" is normal for most calls.
const metricsLogger = {
  debug: (...args: unknown[]) => rootLogger.debug(String(args[0])),
  info: (...args: unknown[]) => rootLogger.info(String(args[0])),
  error: (...args: unknown[]) => rootLogger.error(String(args[0])),
  warn: (...args: unknown[]) =>
    String(args[0]).startsWith('No application metrics')
      ? rootLogger.debug(String(args[0]))
      : rootLogger.warn(String(args[0])),
};
export const metrics = new Metrics({ logger: metricsLogger });

const dimensioned = new Map<string, Metrics>();

/**
 * Metrics with dimensions of their own (say, per notification channel), buffered like `metrics` and
 * published with them at the end of every invocation (powertoolsMiddlewares), at most 100 values of a
 * metric to one EMF document. `metrics.singleMetric()` writes a document per call instead: one log line
 * per delivered notification. Meant for a handful of dimension values (one buffer per combination).
 */
export function metricsWith(dimensions: Record<string, string>): Metrics {
  const key = JSON.stringify(dimensions);
  let found = dimensioned.get(key);
  if (!found) {
    found = new Metrics({ logger: metricsLogger, defaultDimensions: dimensions });
    dimensioned.set(key, found);
  }
  return found;
}

function publishDimensioned(): void {
  for (const buffered of dimensioned.values())
    if (buffered.hasStoredMetrics()) buffered.publishStoredMetrics();
}

const dimensionedMetrics: MiddlewareObj = { after: publishDimensioned, onError: publishDimensioned };

export { MetricUnit } from '@aws-lambda-powertools/metrics';

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Accepts a caller-provided correlation id only if it is a plain token; otherwise makes a new one. */
export function sanitizeCorrelationId(candidate: string | undefined | null): string {
  return candidate && CORRELATION_ID.test(candidate) ? candidate : randomUUID();
}

let coldStart = true;

/**
 * Runs `fn` with the given correlation id attached to every log line and outgoing message, and the
 * Lambda context (given, or inherited from the enclosing invocation) on every log line, so concurrent
 * invocations never tag each other's lines.
 */
export function runInInvocation<T>(
  correlationId: string,
  fn: () => Promise<T>,
  lambdaContext?: Context,
): Promise<T> {
  const outer = invocation.getStore();
  const context = lambdaContext ?? outer?.lambdaContext;
  // Only the container's first invocation is a cold start; a nested run keeps its invocation's flag.
  const cold = lambdaContext ? coldStart : (outer?.coldStart ?? false);
  if (lambdaContext?.functionName) coldStart = false;
  return invocation.run({ correlationId, lambdaContext: context, coldStart: cold }, fn);
}

/** The logger (every line carries the current invocation's correlation id and Lambda context). */
export function log(): Logger {
  return rootLogger;
}

export function currentCorrelationId(): string | undefined {
  return invocation.getStore()?.correlationId;
}

/** The Lambda function serving the current invocation (spans are labelled with it). */
export function currentFunctionName(): string | undefined {
  return invocation.getStore()?.lambdaContext?.functionName;
}

/**
 * X-Ray through the Powertools Tracer, only where it can trace: on Lambda (AWS_EXECUTION_ENV) unless
 * POWERTOOLS_TRACE_ENABLED is false. Anywhere else the module is not even imported, because importing
 * it loads aws-xray-sdk-core, whose cls-hooked installs async hooks that tax every promise of the
 * process (≈ 9 % of the local API's CPU in the profile, docs/performance.md) while tracing nothing.
 */
const xrayOn = Boolean(process.env.AWS_EXECUTION_ENV) && process.env.POWERTOOLS_TRACE_ENABLED !== 'false';

/** The X-Ray middleware for a tracer. Responses never go to X-Ray: they carry JWTs and calendar feed URLs. */
export const xrayMiddleware = (tracer: Tracer): MiddlewareObj =>
  captureLambdaHandler(tracer, { captureResponse: false });

const xray: MiddlewareObj | undefined = xrayOn
  ? xrayMiddleware(new (await import('@aws-lambda-powertools/tracer')).Tracer())
  : undefined;

/**
 * The Powertools middlewares every chain starts with: X-Ray tracing (on Lambda) and EMF metrics. The
 * Lambda context goes to the invocation's own logger (runInInvocation), not to the shared one.
 */
export function powertoolsMiddlewares(): MiddlewareObj[] {
  const emf = [logMetrics(metrics), dimensionedMetrics];
  return xray ? [xray, ...emf] : emf;
}
