import { ValidationError } from '#platform/errors';

// Every error the notifications context answers with. It has no code of its own (so none is listed in
// ../openapi.ts): a cursor it did not issue is invalid input like any other, REQUEST.INVALID naming the field.

export class UnknownCursorError extends ValidationError {
  constructor() {
    super([
      { in: 'query', field: 'cursor', message: 'Unknown cursor: use nextCursor from the previous page.' },
    ]);
  }
}
