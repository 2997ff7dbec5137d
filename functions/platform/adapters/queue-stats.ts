import { GetQueueAttributesCommand, ListQueuesCommand } from '@aws-sdk/client-sqs';
import { sqsClient } from '#platform/aws/clients';
import { platformConfig } from '#platform/config';

export interface QueueStats {
  /** Name without the `<service>-<stage>-` prefix, e.g. `notifications`, `notifications-dlq`. */
  queue: string;
  visible: number;
  inFlight: number;
  delayed: number;
}

/** Every queue of this stage (by name prefix) and its approximate counts: one ListQueues, one call per queue. */
export async function readQueueStats(): Promise<QueueStats[]> {
  const prefix = platformConfig().QUEUE_PREFIX;
  const listed = await sqsClient().send(new ListQueuesCommand({ QueueNamePrefix: prefix, MaxResults: 100 }));
  return Promise.all(
    (listed.QueueUrls ?? []).map(async (url) => {
      const { Attributes: attributes = {} } = await sqsClient().send(
        new GetQueueAttributesCommand({
          QueueUrl: url,
          AttributeNames: [
            'ApproximateNumberOfMessages',
            'ApproximateNumberOfMessagesNotVisible',
            'ApproximateNumberOfMessagesDelayed',
          ],
        }),
      );
      return {
        queue: decodeURIComponent(url.split('/').pop()!).slice(prefix.length),
        visible: Number(attributes.ApproximateNumberOfMessages ?? 0),
        inFlight: Number(attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
        delayed: Number(attributes.ApproximateNumberOfMessagesDelayed ?? 0),
      };
    }),
  );
}
