import { getDb } from '#platform/db/index';
import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { listMyClients } from '../../clients.js';
import { ListClientsQuery } from '../../schemas.js';

export const handler = httpHandler({
  auth: true,
  query: ListClientsQuery,
  handler: async ({ user, query }) =>
    ok(await listMyClients({ db: await getDb(), now: () => new Date() }, user, query)),
});
