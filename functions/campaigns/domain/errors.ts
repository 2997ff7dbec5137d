import { ConflictError, NotFoundError } from '#platform/errors';

export class ClientNotFoundError extends NotFoundError {
  constructor() {
    super('CAMPAIGNS.CLIENT_NOT_FOUND', 'No client with this id.');
  }
}

export class MailingNotFoundError extends NotFoundError {
  constructor() {
    super('CAMPAIGNS.MAILING_NOT_FOUND', 'No mailing with this id.');
  }
}

export class PhoneTakenError extends ConflictError {
  constructor() {
    super('CAMPAIGNS.PHONE_TAKEN', 'Your audience already has a client with this phone number.');
  }
}

export class MailingStartedError extends ConflictError {
  constructor() {
    super('CAMPAIGNS.MAILING_STARTED', 'A mailing can only be changed before its start.');
  }
}

export class MailingStateError extends ConflictError {
  constructor(action: string, status: string) {
    super('CAMPAIGNS.MAILING_STATE', `A ${status} mailing cannot be ${action}.`);
  }
}
