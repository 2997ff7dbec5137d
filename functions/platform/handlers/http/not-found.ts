import { NotFoundError } from '../../../../layers/platform/errors.js';
import { httpHandler } from '../../../../layers/platform/http/handler.js';

/** Catch-all route: unknown paths get the same problem+json 404 on every runtime. */
export const handler = httpHandler({
  auth: false,
  handler: async ({ event }) => {
    throw new NotFoundError(
      'ROUTE.NOT_FOUND',
      `No route for ${event.requestContext.http.method} ${event.rawPath}.`,
    );
  },
});
