import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { Context } from 'aws-lambda';

/**
 * One logger, metrics and tracer for every function (service name and namespace come from
 * POWERTOOLS_* variables in serverless.yml). Logs are JSON on stdout; metrics are EMF.
 */
export const rootLogger = new Logger();
export const metrics = new Metrics({
  // Metrics' own diagnostics go through our logger; "no metrics to publish" is normal for most calls.
  logger: {
    debug: (...args: unknown[]) => rootLogger.debug(String(args[0])),
    info: (...args: unknown[]) => rootLogger.info(String(args[0])),
    error: (...args: unknown[]) => rootLogger.error(String(args[0])),
    warn: (...args: unknown[]) =>
      String(args[0]).startsWith('No application metrics')
        ? rootLogger.debug(String(args[0]))
        : rootLogger.warn(String(args[0])),
  },
});
export const tracer = new Tracer();
export { MetricUnit } from '@aws-lambda-powertools/metrics';

interface InvocationContext {
  correlationId: string;
  logger: Logger;
  lambdaContext?: Context;
}

// A request's correlation id, Lambda context and logger live in AsyncLocalStorage rather than module
// state, because serverless-offline --useInProcess runs concurrent invocations in one module instance:
// Powertools' injectLambdaContext would write each invocation's context into the one shared logger.
const invocation = new AsyncLocalStorage<InvocationContext>();

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Accepts a caller-provided correlation id only if it is a plain token; otherwise makes a new one. */
export function sanitizeCorrelationId(candidate: string | undefined | null): string {
  return candidate && CORRELATION_ID.test(candidate) ? candidate : randomUUID();
}

let coldStart = true;

/**
 * Runs `fn` with the given correlation id attached to every log line and outgoing message, and the
 * Lambda context (given, or inherited from the enclosing invocation) on every log line: one logger per
 * invocation, so concurrent invocations never tag each other's lines.
 */
export function runInInvocation<T>(
  correlationId: string,
  fn: () => Promise<T>,
  lambdaContext?: Context,
): Promise<T> {
  const context = lambdaContext ?? invocation.getStore()?.lambdaContext;
  const logger = rootLogger.createChild({ persistentKeys: { correlation_id: correlationId } });
  if (context?.functionName) {
    // A new child reports a cold start on its first use; only the container's first invocation is one.
    const cold = lambdaContext !== undefined && coldStart;
    if (lambdaContext) coldStart = false;
    if (!cold) (logger as unknown as { getColdStart(): boolean }).getColdStart();
    logger.addContext(context);
  }
  return invocation.run({ correlationId, logger, lambdaContext: context }, fn);
}

/** The logger of the current invocation (with its correlation id), or the root logger outside one. */
export function log(): Logger {
  return invocation.getStore()?.logger ?? rootLogger;
}

export function currentCorrelationId(): string | undefined {
  return invocation.getStore()?.correlationId;
}

/** The Lambda function serving the current invocation (spans are labelled with it). */
export function currentFunctionName(): string | undefined {
  return invocation.getStore()?.lambdaContext?.functionName;
}

/**
 * The Powertools middlewares every chain starts with: tracing and EMF metrics. The Lambda context goes to
 * the invocation's own logger (runInInvocation), not to the shared one. Responses never go to X-Ray:
 * they carry JWTs and calendar feed URLs.
 */
export function powertoolsMiddlewares() {
  return [captureLambdaHandler(tracer, { captureResponse: false }), logMetrics(metrics)];
}
