import { pendingMessages } from './sqs-journal.js';

const put = (id: string, queue = 'syncore-local-notifications', body = `body-${id}`) =>
  JSON.stringify({ op: 'put', id, queue, body });
const del = (id: string) => JSON.stringify({ op: 'del', id });
const purge = (queue = 'syncore-local-notifications') => JSON.stringify({ op: 'purge', queue });

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

  it('drops what a queue held when it was purged, and only that queue', () => {
    const text = [
      put('a'),
      put('b', 'syncore-local-cron-failures'),
      put('c'),
      put('a', 'syncore-local-notifications-dlq'), // moved before the purge: not in the purged queue
      purge(),
      put('d'),
      purge('syncore-local-cron-failures'),
    ].join('\n');

    expect(pendingMessages(text).map((message) => [message.id, message.queue])).toEqual([
      ['a', 'syncore-local-notifications-dlq'],
      ['d', 'syncore-local-notifications'],
    ]);
  });

  it('keeps a FIFO message its group id, at its latest place', () => {
    const fifo = (id: string, queue: string) =>
      JSON.stringify({ op: 'put', id, queue, body: id, group: 'order-1', dedup: `dedup-${id}` });
    const text = [fifo('a', 'order-status.fifo'), fifo('a', 'order-status-dlq.fifo')].join('\n');

    expect(pendingMessages(text)).toEqual([
      { op: 'put', id: 'a', queue: 'order-status-dlq.fifo', body: 'a', group: 'order-1', dedup: 'dedup-a' },
    ]);
  });
});
