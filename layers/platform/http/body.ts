import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { AppError, ValidationError } from '../errors.js';

export function rawBodyOf(event: APIGatewayProxyEventV2): string {
  if (!event.body) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

export function assertBodySize(raw: string, maxBytes: number): void {
  if (Buffer.byteLength(raw, 'utf8') > maxBytes) {
    throw new AppError(413, 'REQUEST.TOO_LARGE', `The request body is larger than ${maxBytes} bytes.`);
  }
}

/** Parses a JSON body: 415 for another media type, 400 naming the position for malformed JSON. */
export function parseJsonBody(raw: string, contentType: string | undefined): unknown {
  if (raw === '') return undefined;
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(contentType ?? '')) {
    throw new AppError(415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.');
  }
  try {
    return JSON.parse(raw);
  } catch (error) {
    throw new ValidationError(
      [{ in: 'body', field: '(root)', message: (error as Error).message }],
      'The request body is not valid JSON.',
      'REQUEST.MALFORMED_JSON',
    );
  }
}
