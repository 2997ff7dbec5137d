import { getDb } from '#platform/db/index';
import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { importClients } from '../../import-clients.js';

// No body schema: the body is CSV or JSON, read and validated row by row by the use case.
export const handler = httpHandler({
  auth: true,
  handler: async ({ user, rawBody, headers }) =>
    ok(await importClients({ db: await getDb() }, user, { rawBody, contentType: headers['content-type'] })),
});
