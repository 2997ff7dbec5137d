import { httpHandler } from '#platform/http/handler';
import { json } from '#platform/http/responses';
import { checkHealth } from '../../check-health.js';
import { healthProbes, logHealthFailure } from '../../runtime.js';

export const handler = httpHandler({
  auth: false,
  handler: async () => {
    const report = await checkHealth(healthProbes(), logHealthFailure);
    return json(report.status === 'ok' ? 200 : 503, report, { 'cache-control': 'no-store' });
  },
});
