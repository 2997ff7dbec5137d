import { cronHandler } from '#platform/cron';
import { relayOutbox } from '../../relay-outbox.js';
import { platformDeps, relayOptions } from '../../runtime.js';

export const handler = cronHandler('relayOutbox', async () =>
  relayOutbox(await platformDeps(), relayOptions),
);
