import { getDb } from '#platform/db/index';
import { httpHandler } from '#platform/http/handler';
import { created } from '#platform/http/responses';
import { createClient } from '../../clients.js';
import { ClientBody } from '../../schemas.js';

export const handler = httpHandler({
  auth: true,
  body: ClientBody,
  handler: async ({ user, body }) => {
    const client = await createClient({ db: await getDb(), now: () => new Date() }, user, body);
    return created(client, `/campaign-clients/${client.id}`);
  },
});
