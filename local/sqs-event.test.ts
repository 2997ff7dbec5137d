import { succeededMessageIds } from './sqs-event.js';

const ids = ['m1', 'm2', 'm3'];

describe('succeededMessageIds (Lambda ReportBatchItemFailures rules)', () => {
  it.each([undefined, null, '', {}, { batchItemFailures: [] }, { batchItemFailures: null }])(
    'treats %p as a complete success',
    (payload) => expect(succeededMessageIds(payload, ids)).toEqual(ids),
  );

  it('keeps exactly the reported failures', () => {
    expect(succeededMessageIds({ batchItemFailures: [{ itemIdentifier: 'm2' }] }, ids)).toEqual(['m1', 'm3']);
  });

  it.each([
    ['an unknown id', { batchItemFailures: [{ itemIdentifier: 'other' }] }],
    ['an empty id', { batchItemFailures: [{ itemIdentifier: '' }] }],
    ['a missing id', { batchItemFailures: [{ id: 'm1' }] }],
    ['a non-list', { batchItemFailures: 'm1' }],
    ['a string response', 'ok'],
    ['an array response', []],
  ])('fails the whole batch on %s', (_label, payload) => {
    expect(succeededMessageIds(payload, ids)).toBeUndefined();
  });
});
