import { getDb } from '#platform/db/index';
import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { IdParams } from '#platform/validation/common';
import { getMailing } from '../../mailings.js';

export const handler = httpHandler({
  auth: true,
  params: IdParams,
  handler: async ({ user, params }) => ok(await getMailing({ db: await getDb() }, user, params.id)),
});
