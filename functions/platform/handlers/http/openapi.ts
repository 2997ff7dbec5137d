import { platformConfig } from '../../../../layers/platform/config.js';
import { httpHandler } from '../../../../layers/platform/http/handler.js';
import { buildOpenApiDocument } from '../../../../layers/platform/http/openapi.js';
import { ok } from '../../../../layers/platform/http/responses.js';
import { apiRoutes } from '../../api-routes.js';

let document: ReturnType<typeof buildOpenApiDocument> | undefined;

export const handler = httpHandler({
  auth: false,
  handler: async () => {
    document ??= buildOpenApiDocument(apiRoutes, platformConfig().PUBLIC_BASE_URL);
    return ok(document, { 'cache-control': 'public, max-age=60' });
  },
});
