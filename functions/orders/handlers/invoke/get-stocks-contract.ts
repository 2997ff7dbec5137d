import { contractHandler } from '#platform/contracts/invoke';
import { GetStocks } from '../../contract.js';
import { getStocks } from '../../get-stocks.js';
import { ordersDeps } from '../../runtime.js';

export const handler = contractHandler(GetStocks, async ({ skus }) => getStocks(await ordersDeps(), skus));
