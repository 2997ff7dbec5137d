import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { setFaults } from '../../faults.js';
import { simulatorDeps, TOKEN_HEADER } from '../../runtime.js';
import { FaultsBody } from '../../schemas.js';

export const handler = httpHandler({
  auth: false,
  body: FaultsBody,
  handler: async ({ body, headers }) =>
    ok(await setFaults(await simulatorDeps(), headers[TOKEN_HEADER], body)),
});
