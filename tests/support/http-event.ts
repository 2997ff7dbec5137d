import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';

export interface HttpEventInput {
  method?: string;
  path?: string;
  /** Object bodies are sent as JSON with content-type application/json; strings as they are. */
  body?: unknown;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  params?: Record<string, string>;
  token?: string;
  sourceIp?: string;
}

/** A real API Gateway HTTP API (payload v2) event, as the handlers receive it on AWS and offline. */
export function httpEvent(input: HttpEventInput = {}): APIGatewayProxyEventV2 {
  const method = input.method ?? 'GET';
  const path = input.path ?? '/';
  const headers: Record<string, string> = { ...input.headers };
  let body: string | undefined;
  if (typeof input.body === 'string') body = input.body;
  else if (input.body !== undefined) {
    body = JSON.stringify(input.body);
    headers['content-type'] ??= 'application/json';
  }
  if (input.token) headers.authorization = `Bearer ${input.token}`;
  const query = input.query;
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: query ? new URLSearchParams(query).toString() : '',
    headers,
    queryStringParameters: query,
    pathParameters: input.params,
    body,
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      requestId: randomUUID(),
      routeKey: `${method} ${path}`,
      stage: '$default',
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
      http: {
        method,
        path,
        protocol: 'HTTP/1.1',
        sourceIp: input.sourceIp ?? '127.0.0.1',
        userAgent: 'jest',
      },
    },
  };
}

export function lambdaContext(functionName = 'test'): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-central-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'jest',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Calls an HTTP handler and parses its JSON (or problem+json) body. */
export async function callHttp(
  handler: (
    event: APIGatewayProxyEventV2,
    context: Context,
  ) => Promise<{ statusCode?: number; headers?: Record<string, unknown>; body?: string }>,
  input: HttpEventInput = {},
) {
  const response = await handler(httpEvent(input), lambdaContext());
  // API Gateway and HTTP clients treat header names case-insensitively; compare them lower-cased.
  const headers = Object.fromEntries(
    Object.entries(response.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
  );
  const contentType = String(headers['content-type'] ?? '');
  const json = contentType.includes('json') && response.body ? JSON.parse(response.body) : undefined;
  return { status: response.statusCode ?? 200, headers, body: json, raw: response.body ?? '' };
}
