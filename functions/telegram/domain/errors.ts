import { AppError, NotFoundError, UnauthorizedError } from '#platform/errors';

// Every error the telegram context answers with; the codes are listed in ../openapi.ts.

export class TelegramNotLinkedError extends NotFoundError {
  override name = 'TelegramNotLinkedError';
  constructor() {
    super('TELEGRAM.NOT_LINKED', 'No Telegram chat is linked to this account.');
  }
}

/** Missing or wrong X-Telegram-Bot-Api-Secret-Token: nothing is processed. */
export class WebhookSecretInvalidError extends UnauthorizedError {
  override name = 'WebhookSecretInvalidError';
  constructor() {
    super('The webhook secret token is missing or wrong.', 'TELEGRAM.WEBHOOK_SECRET_INVALID');
  }
}

/** Processing an update failed for a transient reason: 503, so Telegram delivers it again. */
export class UpdateNotProcessedError extends AppError {
  override name = 'UpdateNotProcessedError';
  constructor(cause: unknown) {
    super(
      503,
      'TELEGRAM.UPDATE_NOT_PROCESSED',
      'The update could not be processed now; it will be retried.',
      {
        cause,
        headers: { 'retry-after': '1' },
      },
    );
  }
}
