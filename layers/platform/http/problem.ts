import { STATUS_CODES } from 'node:http';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { AppError, type FieldError } from '../errors.js';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  code: string;
  correlationId?: string;
  errors?: FieldError[];
}

/** RFC 9110's names where they differ from Node's older ones (413, 422); every other status: Node's. */
const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * The one place where errors become HTTP responses (RFC 9457). Known errors keep their message; any
 * other error becomes a bare 500 so no internals (messages, stacks, SQL) reach the caller.
 */
export function problemResponse(
  error: unknown,
  context: { instance?: string; correlationId?: string },
): APIGatewayProxyResultV2 {
  const known = error instanceof AppError;
  const status = known ? error.status : 500;
  const code = known ? error.code : 'INTERNAL';
  const problem: Problem = {
    type: `urn:syncore:problem:${code.toLowerCase()}`,
    title: TITLES[status] ?? STATUS_CODES[status] ?? 'Error',
    status,
    detail: known
      ? error.message
      : 'Something went wrong on our side. Quote the correlation id if you report it.',
    code,
    instance: context.instance,
    correlationId: context.correlationId,
    errors: known ? error.extra.fieldErrors : undefined,
  };
  return {
    statusCode: status,
    headers: { 'content-type': 'application/problem+json', ...(known ? error.extra.headers : {}) },
    body: JSON.stringify(problem),
  };
}
