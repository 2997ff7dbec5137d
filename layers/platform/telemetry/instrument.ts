import type { LogEvent } from 'kysely';
import { tracingEnabled } from './config.js';
import { nativeFetch } from './export.js';
import { currentSpan, currentTraceparent, recordSpan, SpanKind, withSpan } from './trace.js';

/**
 * Spans for what a handler calls: SQL (kysely's log hook: one span per statement, without parameters),
 * AWS SDK commands (a client middleware) and outgoing HTTP (global fetch, which also carries the
 * traceparent to the payment provider, Telegram, the sending API...). All of it is a no-op while
 * tracing is off.
 */

/** kysely `log` option: a span per statement, parented to the current one. */
export function sqlSpans(event: LogEvent): void {
  if (!currentSpan()) return;
  const statement = event.query.sql;
  recordSpan(`SQL ${statement.trimStart().split(/\s/, 1)[0]!.toUpperCase()}`, event.queryDurationMillis, {
    kind: SpanKind.client,
    attributes: { 'db.system': 'postgresql', 'db.statement': statement.slice(0, 500) },
    error: event.level === 'error' ? event.error : undefined,
  });
}

interface MiddlewareStackLike {
  add(
    middleware: (
      next: (args: unknown) => Promise<unknown>,
      context: { clientName?: string; commandName?: string },
    ) => (args: unknown) => Promise<unknown>,
    options: { step: 'initialize'; name: string; override?: boolean },
  ): void;
}

/** A span around every command of an AWS SDK v3 client (e.g. `SQS.SendMessageBatch`). */
export function traceAwsClient<C extends { middlewareStack: unknown }>(client: C): C {
  (client.middlewareStack as MiddlewareStackLike).add(
    (next, context) => (args) => {
      if (!currentSpan()) return next(args);
      const service = (context.clientName ?? 'AWS').replace(/Client$/, '');
      return withSpan(
        `${service}.${context.commandName?.replace(/Command$/, '')}`,
        {
          kind: SpanKind.client,
          attributes: { 'rpc.system': 'aws-api', 'rpc.service': service },
        },
        () => next(args),
      );
    },
    { step: 'initialize', name: 'syncoreTrace', override: true },
  );
  return client;
}

/**
 * Credentials some APIs carry in the path never reach a span: Telegram's Bot API token
 * (`/bot<id>:<secret>/sendMessage`).
 */
export const redactPath = (path: string): string =>
  path.replace(/\/bot\d+:[A-Za-z0-9_-]+(?=\/|$)/, '/bot<token>');

let fetchInstalled = false;

/** Wraps the global fetch once per container: a client span and a `traceparent` header per call. */
export function installFetchTracing(): void {
  if (fetchInstalled || !tracingEnabled()) return;
  fetchInstalled = true;
  globalThis.fetch = (input: string | URL | Request, init?: RequestInit) => {
    if (!currentSpan()) return nativeFetch(input, init);
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    return withSpan(
      `HTTP ${method} ${url.host}`,
      {
        kind: SpanKind.client,
        attributes: { 'http.request.method': method, 'url.full': `${url.origin}${redactPath(url.pathname)}` },
      },
      async (span) => {
        const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
        const traceparent = currentTraceparent();
        if (traceparent) headers.set('traceparent', traceparent);
        const response = await nativeFetch(input, { ...init, headers });
        if (span) span.attributes['http.response.status_code'] = response.status;
        return response;
      },
    );
  };
}
