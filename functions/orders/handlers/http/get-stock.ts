import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { getStocks } from '../../get-stocks.js';
import { ordersDeps } from '../../runtime.js';
import { SkuParams } from '../../schemas.js';

export const handler = httpHandler({
  auth: true,
  params: SkuParams,
  handler: async ({ params }) => {
    const { stocks } = await getStocks(await ordersDeps(), [params.sku]);
    return ok(stocks[0]);
  },
});
