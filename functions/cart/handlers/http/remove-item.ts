import { httpHandler } from '#platform/http/handler';
import { noContent } from '#platform/http/responses';
import { removeItem } from '../../remove-item.js';
import { storeDeps } from '../../runtime.js';
import { SkuParams } from '../../schemas.js';

export const handler = httpHandler({
  auth: true,
  params: SkuParams,
  handler: async ({ user, params }) => {
    await removeItem(await storeDeps(), user, params.sku);
    return noContent();
  },
});
