import http from 'node:http';
import https from 'node:https';
import { currentSpan, endSpan, formatTraceparent, SpanKind, startSpan } from './trace.js';

/**
 * Tracing for HTTP clients that do not use the global fetch (installFetchTracing covers that one), e.g.
 * telegraf's node-fetch: an http(s).Agent whose `addRequest` starts a client span and sets `traceparent`
 * on the request. Node's ClientRequest hands itself to `agent.addRequest` at the end of its constructor,
 * after the caller's headers are set and before any of them is written (only an `Expect` header or
 * raw header arrays store them earlier, checked with `headersSent`), so a header set there goes out.
 * Outside a traced invocation (or with tracing off) the agents are plain keep-alive agents.
 */

export interface TracingAgentOptions extends http.AgentOptions {
  /** Shown in `url.full` instead of the real path (e.g. to hide a token in the path). */
  redactPath?: (path: string) => string;
}

type AddRequest = (request: http.ClientRequest, options: unknown) => void;

function traceRequest(request: http.ClientRequest, protocol: string, redactPath: (path: string) => string) {
  if (!currentSpan() || request.headersSent) return;
  const host = String(request.getHeader('host') ?? request.host); // with the port, as the fetch spans show it
  const span = startSpan(`HTTP ${request.method} ${host}`, {
    kind: SpanKind.client,
    attributes: {
      'http.request.method': request.method,
      'url.full': `${protocol}//${host}${redactPath(request.path.split('?')[0] ?? '')}`,
    },
  });
  if (!span) return;
  request.setHeader('traceparent', formatTraceparent(span));
  request.once('response', (response: http.IncomingMessage) => {
    span.attributes['http.response.status_code'] = response.statusCode ?? 0;
    response.once('end', () => endSpan(span));
  });
  request.once('error', (error) => endSpan(span, error));
  request.once('close', () => endSpan(span));
}

const keep = (path: string) => path;

export class TracingHttpAgent extends http.Agent {
  readonly #redactPath: (path: string) => string;

  constructor({ redactPath = keep, ...options }: TracingAgentOptions = {}) {
    super(options);
    this.#redactPath = redactPath;
  }

  addRequest(request: http.ClientRequest, options: unknown): void {
    traceRequest(request, 'http:', this.#redactPath);
    (http.Agent.prototype as unknown as { addRequest: AddRequest }).addRequest.call(this, request, options);
  }
}

export class TracingHttpsAgent extends https.Agent {
  readonly #redactPath: (path: string) => string;

  constructor({ redactPath = keep, ...options }: TracingAgentOptions & https.AgentOptions = {}) {
    super(options);
    this.#redactPath = redactPath;
  }

  addRequest(request: http.ClientRequest, options: unknown): void {
    traceRequest(request, 'https:', this.#redactPath);
    (https.Agent.prototype as unknown as { addRequest: AddRequest }).addRequest.call(this, request, options);
  }
}

/** A keep-alive tracing agent for the protocol of `baseUrl` (node-fetch wants the one matching the URL). */
export function tracingAgent(baseUrl: string, options: TracingAgentOptions = {}): http.Agent {
  const settings = { keepAlive: true, keepAliveMsecs: 10_000, ...options };
  return new URL(baseUrl).protocol === 'http:'
    ? new TracingHttpAgent(settings)
    : new TracingHttpsAgent(settings);
}
