import { z } from 'zod';
import { httpHandler } from '#platform/http/handler';
import { text } from '#platform/http/responses';
import { authorizeOps } from '../../authorize-ops.js';
import { METRICS_CONTENT_TYPE } from '../../collect-metrics.js';
import { metricsText, opsAccess } from '../../runtime.js';

export const handler = httpHandler({
  auth: false,
  query: z.strictObject({ token: z.string().max(256).optional() }),
  handler: async ({ headers, query }) => {
    authorizeOps(await opsAccess(), headers.authorization, query.token);
    return text(200, await metricsText(), METRICS_CONTENT_TYPE, { 'cache-control': 'no-store' });
  },
});
