/** Notification messages and SQS records for the notifications integration tests. */
import { randomUUID } from 'node:crypto';
import type { SQSRecord } from 'aws-lambda';
import type { NotificationMessage } from '../../functions/notifications/contract.js';
import { handler as listHandler } from '../../functions/notifications/handlers/http/list-notifications.js';
import { handler as storeHandler } from '../../functions/notifications/handlers/sqs/store-notification.js';
import { callHttp, lambdaContext } from './http-event.js';

export function message(
  recipientId: string,
  overrides: Partial<NotificationMessage> = {},
): NotificationMessage {
  return {
    notificationId: `test:${randomUUID()}`,
    recipientId,
    source: 'test',
    type: 'test.ping',
    title: 'Ping',
    data: { n: 1 },
    dueAt: new Date().toISOString(),
    channels: ['in_app'],
    ...overrides,
  };
}

export function record(body: unknown, messageId: string = randomUUID()): SQSRecord {
  return {
    messageId,
    receiptHandle: `rh-${messageId}`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: String(Date.now()),
      SenderId: 'test',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {
      correlationId: {
        stringValue: 'corr-1',
        dataType: 'String',
        stringListValues: [],
        binaryListValues: [],
      },
    },
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-central-1:000000000000:syncore-local-notifications',
    awsRegion: 'eu-central-1',
  };
}

/** Follows nextCursor to the end and returns the titles of this test's notifications, in order. */
export async function titlesPageByPage(token: string, limit: number): Promise<string[]> {
  const titles: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await callHttp(listHandler, {
      token,
      query: cursor ? { limit: String(limit), cursor } : { limit: String(limit) },
    });
    expect(page.status).toBe(200);
    titles.push(
      ...page.body.items
        .filter((item: { source: string }) => item.source === 'test')
        .map((item: { title: string }) => item.title),
    );
    cursor = page.body.nextCursor ?? undefined;
  } while (cursor);
  return titles;
}

export const store = (records: SQSRecord[]) =>
  storeHandler({ Records: records }, lambdaContext('storeNotification'));
