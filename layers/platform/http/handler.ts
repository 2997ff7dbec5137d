import middy, { type MiddlewareObj } from '@middy/core';
import httpCors from '@middy/http-cors';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpSecurityHeaders, { type Options as SecurityHeaderOptions } from '@middy/http-security-headers';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { z } from 'zod';
import { type AuthUser, authenticate } from '../auth/tokens.js';
import { platformConfig } from '../config.js';
import { awsTrouble, databaseTrouble } from '../db/availability.js';
import { discardDb } from '../db/index.js';
import { AppError, ServiceUnavailableError, ValidationError } from '../errors.js';
import {
  currentCorrelationId,
  log,
  powertoolsMiddlewares,
  runInInvocation,
  sanitizeCorrelationId,
} from '../observability.js';
import { observeInvocation } from '../telemetry/invocation.js';
import { assertBodySize, parseJsonBody, rawBodyOf } from './body.js';
import { problemResponse } from './problem.js';
import { emptyIfMissing, validateRequest } from './validation.js';

export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResult = Exclude<APIGatewayProxyResultV2, string>;

export interface HttpRequest<Body, Query, Params, User> {
  body: Body;
  query: Query;
  params: Params;
  user: User;
  /** The body exactly as received (for signature checks). */
  rawBody: string;
  headers: Record<string, string | undefined>;
  sourceIp: string;
  /** Where this API is reachable, e.g. for callback URLs: PUBLIC_BASE_URL, else the requested host. */
  baseUrl: string;
  correlationId: string;
  event: HttpEvent;
  /** The Lambda invocation (remaining time, request id). */
  lambdaContext: Context;
}

type Schema = z.ZodType;

const NO_QUERY = z.strictObject({});
/** What counts as no body: nothing, whitespace, or an empty JSON object. */
const NO_BODY = /^\s*(\{\s*\})?\s*$/;
type Parsed<S> = S extends Schema ? z.infer<S> : undefined;

export interface HttpRoute<B, Q, P, A extends boolean, R> {
  /** true: a verified bearer token is required (401 otherwise). */
  auth: A;
  /**
   * For a route authenticated otherwise than by our tokens (a simulator's API key): throws its 401,
   * checked where the token would be, before the body is parsed or validated, so a caller without the
   * key learns nothing about what the route accepts.
   */
  authorize?: (headers: Record<string, string | undefined>) => void | Promise<void>;
  body?: B;
  query?: Q;
  params?: P;
  /** Per-route overrides, e.g. a CSP that lets the Swagger UI page run its scripts. */
  securityHeaders?: SecurityHeaderOptions;
  /**
   * The route reads `rawBody` itself (a signed webhook, a CSV import) instead of declaring a `body`
   * schema. Without either, a route takes no body: anything but an empty one (or `{}`) is a 400.
   */
  readsRawBody?: boolean;
  /** This route's body limit in bytes (413 above it), instead of HTTP_MAX_BODY_BYTES, e.g. for bulk imports. */
  maxBodyBytes?: number;
  handler: (
    request: HttpRequest<Parsed<B>, Parsed<Q>, Parsed<P>, A extends true ? AuthUser : undefined>,
  ) => Promise<R>;
}

interface RequestInternal extends Record<string, unknown> {
  correlationId?: string;
  startedAt?: number;
  problemCode?: string;
}

/** Correlation id echoed out (the outer wrapper set it for the invocation); one access-log line. */
const correlation: MiddlewareObj<HttpEvent, HttpResult, Error, Context, RequestInternal> = {
  before: (request) => {
    request.internal.correlationId = currentCorrelationId();
    request.internal.startedAt = Date.now();
  },
  after: (request) => finish(request),
  onError: (request) => finish(request),
};

/** Echoes the correlation id and writes one access-log line per request (no bodies, no headers). */
function finish(request: {
  event: HttpEvent;
  response: HttpResult | null | undefined;
  internal: RequestInternal;
}): void {
  const { response, internal, event } = request;
  if (response && internal.correlationId) {
    response.headers = { ...response.headers, 'x-correlation-id': internal.correlationId };
  }
  log().info('request', {
    method: event.requestContext?.http?.method,
    path: event.rawPath,
    status: response?.statusCode,
    durationMs: internal.startedAt === undefined ? undefined : Date.now() - internal.startedAt,
    code: internal.problemCode,
  });
}

/** Last in the chain, so it runs first on error: every failure becomes problem+json, nothing is rethrown. */
const problemErrors: MiddlewareObj<HttpEvent, HttpResult, Error, Context, RequestInternal> = {
  onError: (request) => {
    const error = unavailableIfDatabaseTrouble(request.error);
    const response = problemResponse(error, {
      instance: request.event.rawPath,
      correlationId: request.internal.correlationId,
    }) as HttpResult;
    if ((response.statusCode ?? 500) >= 500) log().error('request failed', { error: request.error as Error });
    request.internal.problemCode = (error as { code?: string }).code ?? 'INTERNAL';
    request.response = response;
  },
};

/**
 * An outage of the database or an AWS dependency is a 503 with Retry-After, not a 500; a broken
 * database pool is dropped for the next request.
 */
function unavailableIfDatabaseTrouble(error: unknown): unknown {
  if (error instanceof AppError) return error;
  if (awsTrouble(error)) return new ServiceUnavailableError(5, error);
  const trouble = databaseTrouble(error);
  if (trouble === undefined) return error;
  if (trouble === 'connection') discardDb();
  return new ServiceUnavailableError(trouble === 'connection' ? 5 : 2, error);
}

/**
 * Builds an API Gateway (HTTP API) handler: the shared middy chain around one route function.
 * Order of checks: body size (413) → token or `authorize` (401) → JSON (415/400) → schemas (400) → handler.
 */
export function httpHandler<
  B extends Schema | undefined,
  Q extends Schema | undefined,
  P extends Schema | undefined,
  A extends boolean,
>(route: HttpRoute<B, Q, P, A, HttpResult>) {
  const core = async (event: HttpEvent, lambdaContext: Context): Promise<HttpResult> => {
    const config = platformConfig();
    const rawBody = rawBodyOf(event);
    assertBodySize(rawBody, route.maxBodyBytes ?? config.HTTP_MAX_BODY_BYTES);
    const headers = event.headers ?? {};
    const user = route.auth ? await authenticate(headers.authorization) : undefined;
    if (route.authorize) await route.authorize(headers);
    // Never ignored: a body sent to a route that takes none is a client's mistake (a price, a status).
    if (!route.body && !route.readsRawBody && !NO_BODY.test(rawBody))
      throw new ValidationError([{ in: 'body', field: '(root)', message: 'This route takes no body.' }]);
    const bodyValue = route.body ? parseJsonBody(rawBody, headers['content-type']) : undefined;
    const { body, query, params } = validateRequest({
      body: route.body && [route.body, bodyValue ?? {}],
      // A route without a query schema takes no parameters: unknown ones are rejected, as everywhere.
      query: [route.query ?? NO_QUERY, emptyIfMissing(event.queryStringParameters)],
      path: route.params && [route.params, emptyIfMissing(event.pathParameters)],
    });
    const request = {
      body,
      query,
      params,
      user,
      rawBody,
      headers,
      sourceIp: event.requestContext?.http?.sourceIp ?? 'unknown',
      baseUrl: config.PUBLIC_BASE_URL ?? `https://${event.requestContext?.domainName}`,
      correlationId: currentCorrelationId() ?? sanitizeCorrelationId(undefined),
      event,
      lambdaContext,
    };
    return route.handler(request as Parameters<typeof route.handler>[0]);
  };

  // The chain is built on the first invocation (the cold start), when the configuration is read.
  let chain: ((event: HttpEvent, context: Context) => Promise<HttpResult>) | undefined;
  return (event: HttpEvent, context: Context) => {
    chain ??= buildChain(core, route.securityHeaders);
    const run = chain;
    // Lambda's request id is unique per invocation everywhere (serverless-offline fakes API Gateway's).
    const headerId = event.headers?.['x-correlation-id'] ?? event.headers?.['X-Correlation-Id'];
    const correlationId = sanitizeCorrelationId(headerId ?? context?.awsRequestId);
    // The whole invocation, middlewares included, runs in its own context: nothing leaks to the caller.
    // Request metrics and the server span are labelled with the route template, never the raw path.
    const method = event.requestContext?.http?.method ?? 'GET';
    const template = event.routeKey?.split(' ').pop() ?? 'unknown';
    const parent = event.headers?.traceparent;
    return runInInvocation(
      correlationId,
      () =>
        observeInvocation(
          { kind: 'http', name: template, method, parent, correlationId },
          async (span) => {
            const response = await run(event, context);
            if (span)
              response.headers = {
                ...response.headers,
                traceresponse: `00-${span.traceId}-${span.spanId}-01`,
              };
            return response;
          },
          // API Gateway answers 200 for a result without a status code.
          (response) => String(response ? (response.statusCode ?? 200) : 500),
        ),
      context,
    );
  };
}

function buildChain(
  core: (event: HttpEvent, context: Context) => Promise<HttpResult>,
  securityHeaders: SecurityHeaderOptions | undefined,
) {
  const origins = platformConfig()
    .CORS_ORIGINS.split(',')
    .map((origin) => origin.trim());
  const wrapped = middy<HttpEvent, HttpResult, Error, Context, RequestInternal>(core)
    .use(powertoolsMiddlewares())
    .use(httpHeaderNormalizer())
    .use(correlation)
    .use(
      httpCors({
        origins,
        // Answer preflight (OPTIONS) requests here: they reach the catch-all route, like any other path.
        disableBeforePreflightResponse: false,
        methods: 'GET,POST,PUT,PATCH,DELETE,OPTIONS',
        maxAge: 600,
        headers: 'authorization,content-type,idempotency-key,x-correlation-id,traceparent',
        exposeHeaders: 'x-correlation-id,location,retry-after,traceresponse',
      }),
    )
    .use(httpSecurityHeaders(securityHeaders))
    .use(problemErrors);
  // middy's types describe the parsed event; callers (API Gateway, tests) pass the raw one.
  return wrapped as unknown as (event: HttpEvent, context: Context) => Promise<HttpResult>;
}
