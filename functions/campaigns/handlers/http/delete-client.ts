import { getDb } from '#platform/db/index';
import { httpHandler } from '#platform/http/handler';
import { noContent } from '#platform/http/responses';
import { IdParams } from '#platform/validation/common';
import { deleteClient } from '../../clients.js';

export const handler = httpHandler({
  auth: true,
  params: IdParams,
  handler: async ({ user, params }) => {
    await deleteClient({ db: await getDb(), now: () => new Date() }, user, params.id);
    return noContent();
  },
});
