import { AppError, NotFoundError, UnauthorizedError, UnprocessableError } from '#platform/errors';

export class SendingApiUnauthorizedError extends UnauthorizedError {
  constructor() {
    super('A valid sending API token is required.', 'SENDING_API.UNAUTHORIZED');
  }
}

export class SendingApiDownError extends AppError {
  constructor() {
    super(503, 'SENDING_API.UNAVAILABLE', 'The sending service is unavailable.', {
      headers: { 'retry-after': '5' },
    });
  }
}

export class SendingApiRateLimitedError extends AppError {
  constructor() {
    super(429, 'SENDING_API.RATE_LIMITED', 'Too many messages this second.', {
      headers: { 'retry-after': '1' },
    });
  }
}

/** An injected failure (fault knob errorRate): nothing was accepted. */
export class SendingApiInjectedError extends AppError {
  constructor() {
    super(500, 'SENDING_API.INTERNAL_ERROR', 'The sending service failed (injected fault).');
  }
}

export class SendingApiIdMismatchError extends UnprocessableError {
  constructor() {
    super('SENDING_API.ID_MISMATCH', 'The body id must equal the messageId in the path.');
  }
}

export class SendingApiIdReusedError extends UnprocessableError {
  constructor() {
    super('SENDING_API.ID_REUSED', 'This message id was accepted with another phone or text.');
  }
}

export class SendingApiMessageNotFoundError extends NotFoundError {
  constructor() {
    super('SENDING_API.MESSAGE_NOT_FOUND', 'No message with this id was accepted.');
  }
}
