import { classifyEntry, classifyError, sqsBackoff } from './delivery.js';

describe('what a failed send means for the outbox', () => {
  it.each([
    [
      Object.assign(new Error('The specified queue does not exist.'), { name: 'QueueDoesNotExist' }),
      'permanent',
    ],
    [{ name: 'Error', Code: 'AWS.SimpleQueueService.NonExistentQueue' }, 'permanent'],
    [{ name: 'InvalidParameterValue' }, 'permanent'],
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9324'), { code: 'ECONNREFUSED' }), 'transient'],
    [{ name: 'TimeoutError', message: 'Connection timed out after 2000 ms' }, 'transient'],
    [{ name: 'AbortError' }, 'transient'],
    [{ name: 'RequestThrottled', $fault: 'client' }, 'transient'],
    [{ name: 'InternalError', $fault: 'server' }, 'transient'],
    [{ name: 'ExpiredToken', $fault: 'client' }, 'transient'],
  ])('%o is %s', (error, kind) => {
    expect(classifyError(error)).toBe(kind);
  });

  it.each([
    [{ code: 'InvalidMessageContents', senderFault: true }, 'permanent'],
    [{ code: 'SomethingTheSenderDid', senderFault: true }, 'permanent'],
    [{ code: 'RequestThrottled', senderFault: true }, 'transient'],
    [{ code: 'InternalError', senderFault: false }, 'transient'],
  ])('batch entry %o is %s', (entry, kind) => {
    expect(classifyEntry(entry)).toBe(kind);
  });

  it('backs off longer after each consecutive transport failure, up to a minute, and resets on success', () => {
    const now = 1_000_000;
    sqsBackoff.recordSuccess();
    expect(sqsBackoff.isBlocked(now)).toBe(false);
    sqsBackoff.recordFailure(now);
    expect(sqsBackoff.isBlocked(now + 400)).toBe(true);
    expect(sqsBackoff.isBlocked(now + 1_001)).toBe(false);
    for (let failure = 0; failure < 20; failure++) sqsBackoff.recordFailure(now);
    expect(sqsBackoff.failures()).toBe(21);
    expect(sqsBackoff.isBlocked(now + 29_000)).toBe(true);
    expect(sqsBackoff.isBlocked(now + 60_001)).toBe(false);
    sqsBackoff.recordSuccess();
    expect(sqsBackoff.isBlocked(now)).toBe(false);
  });
});
