import { AppError, ConflictError } from '../errors.js';
import { problemResponse } from './problem.js';

const titleOf = (error: unknown) =>
  JSON.parse((problemResponse(error, {}) as { body: string }).body).title as string;

describe('problemResponse titles', () => {
  it('names every status by its HTTP reason phrase, RFC 9110 names where they differ from older ones', () => {
    expect(titleOf(new AppError(412, 'TEST.VERSION', 'changed since'))).toBe('Precondition Failed');
    expect(titleOf(new AppError(502, 'TEST.UPSTREAM', 'upstream failed'))).toBe('Bad Gateway');
    expect(titleOf(new AppError(413, 'TEST.LARGE', 'too large'))).toBe('Content Too Large');
    expect(titleOf(new AppError(422, 'TEST.RULE', 'broken rule'))).toBe('Unprocessable Content');
    expect(titleOf(new ConflictError('TEST.CONFLICT', 'taken'))).toBe('Conflict');
    expect(titleOf(new Error('internal detail'))).toBe('Internal Server Error');
  });
});
