import { z } from 'zod';
import { httpHandler } from '#platform/http/handler';
import { RouteNotFoundError } from '../../domain/errors.js';

/** Catch-all route: unknown paths get the same problem+json 404 on every runtime. */
export const handler = httpHandler({
  auth: false,
  // Whatever body it was sent: an unknown path (or method) is a 404, not "this route takes no body".
  readsRawBody: true,
  // Any query string: an unknown path is a 404 whatever its parameters.
  query: z.record(z.string(), z.string()),
  handler: async ({ event }) => {
    throw new RouteNotFoundError(`No route for ${event.requestContext.http.method} ${event.rawPath}.`);
  },
});
