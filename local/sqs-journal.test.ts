import { pendingMessages } from './sqs-journal.js';

const put = (id: string, queue = 'syncore-local-notifications', body = `body-${id}`) =>
  JSON.stringify({ op: 'put', id, queue, body });
const del = (id: string) => JSON.stringify({ op: 'del', id });

describe('the SQS journal', () => {
  it('keeps what was accepted and never deleted, in order, at its latest place (DLQ moves)', () => {
    const text = [
      put('a'),
      put('b'),
      put('c'),
      del('b'),
      put('a', 'syncore-local-notifications-dlq'), // moved to the DLQ: same id, published again
      put('d'),
      '{"op":"put","id":"e","que', // cut short by the crash: its send was never answered
    ].join('\n');

    expect(pendingMessages(text).map((message) => [message.id, message.queue])).toEqual([
      ['c', 'syncore-local-notifications'],
      ['a', 'syncore-local-notifications-dlq'],
      ['d', 'syncore-local-notifications'],
    ]);
  });

  it('has nothing to replay once everything was deleted', () => {
    expect(pendingMessages([put('a'), put('b'), del('a'), del('b'), ''].join('\n'))).toEqual([]);
  });
});
