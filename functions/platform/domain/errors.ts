import { NotFoundError } from '#platform/errors';

// Every error the platform's own functions answer with, listed in ../api-routes.ts.

/** An unknown path (the catch-all route) or an unknown documentation asset. */
export class RouteNotFoundError extends NotFoundError {
  constructor(detail: string) {
    super('ROUTE.NOT_FOUND', detail);
  }
}
