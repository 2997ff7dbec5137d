import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { addItem } from '../../add-item.js';
import { cartDeps } from '../../runtime.js';
import { AddItemBody } from '../../schemas.js';

export const handler = httpHandler({
  auth: true,
  body: AddItemBody,
  handler: async ({ user, body, baseUrl, lambdaContext }) =>
    ok(await addItem(await cartDeps(baseUrl, lambdaContext), user, body)),
});
