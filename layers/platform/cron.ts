import middy from '@middy/core';
import type { Context, ScheduledEvent } from 'aws-lambda';
import {
  currentCorrelationId,
  log,
  powertoolsMiddlewares,
  runInInvocation,
  sanitizeCorrelationId,
} from './observability.js';
import { observeInvocation } from './telemetry/invocation.js';

/**
 * Builds a scheduled (EventBridge cron/rate) handler. Each run gets its own correlation id (the event
 * id) that follows the messages it sends. Errors are logged and rethrown so the run counts as failed.
 */
export function cronHandler<R>(
  name: string,
  run: (event: Partial<ScheduledEvent>, context: Context) => Promise<R>,
) {
  const core = (event: Partial<ScheduledEvent> | undefined, context: Context): Promise<R> =>
    runInInvocation(
      sanitizeCorrelationId(event?.id),
      async () => {
        const started = Date.now();
        try {
          const result = await observeInvocation(
            { kind: 'cron', name, method: 'RUN', correlationId: currentCorrelationId() ?? name },
            () => run(event ?? {}, context),
            (_, error) => (error === undefined ? 'ok' : 'error'),
          );
          log().info(`${name} finished`, { durationMs: Date.now() - started, result });
          return result;
        } catch (error) {
          log().error(`${name} failed`, { error: error as Error });
          throw error;
        }
      },
      context,
    );

  return middy(core).use(powertoolsMiddlewares()) as unknown as (
    event: Partial<ScheduledEvent> | undefined,
    context: Context,
  ) => Promise<R>;
}
