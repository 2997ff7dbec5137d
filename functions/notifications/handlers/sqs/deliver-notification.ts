import { batchPerTurn } from '#platform/messaging/batching';
import { sqsHandler } from '#platform/messaging/consumer';
import { deliverNotifications } from '../../deliver-notification.js';
import { deliveryDeps } from '../../runtime.js';
import { type DeliveryJob, deliveriesQueue } from '../../schemas.js';

// The consumer starts every record of a batch at once; they meet here and are delivered as one batch.
const deliver = batchPerTurn(async (jobs: DeliveryJob[]) => deliverNotifications(await deliveryDeps(), jobs));

export const handler = sqsHandler({ queue: deliveriesQueue, handle: deliver });
