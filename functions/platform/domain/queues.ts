/**
 * The queue a dead-letter queue belongs to, by our naming (resources/queues.yml): `<queue>-dlq`, and
 * for a FIFO queue `<queue>-dlq.fifo` (a FIFO queue's DLQ must be FIFO too, and its name end in .fifo).
 * undefined for a queue that is not a DLQ.
 */
export function mainQueueOf(dlqName: string): string | undefined {
  const match = /^(.+)-dlq(\.fifo)?$/.exec(dlqName);
  return match ? `${match[1]}${match[2] ?? ''}` : undefined;
}
