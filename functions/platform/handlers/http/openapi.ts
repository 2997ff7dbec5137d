import { platformConfig } from '#platform/config';
import { httpHandler } from '#platform/http/handler';
import { buildOpenApiDocument } from '#platform/http/openapi';
import { ok } from '#platform/http/responses';
import { apiRoutes, errorCodeTags } from '../../api-routes.js';

let document: (ReturnType<typeof buildOpenApiDocument> & { tags: unknown[] }) | undefined;

export const handler = httpHandler({
  auth: false,
  handler: async () => {
    document ??= {
      ...buildOpenApiDocument(apiRoutes, platformConfig().PUBLIC_BASE_URL),
      tags: errorCodeTags(),
    };
    return ok(document, { 'cache-control': 'public, max-age=60' });
  },
});
