import { NotFoundError, UnauthorizedError } from '#platform/errors';

// Every error the platform's own functions answer with, listed in ../api-routes.ts.

/** An unknown path (the catch-all route) or an unknown documentation asset. */
export class RouteNotFoundError extends NotFoundError {
  constructor(detail: string) {
    super('ROUTE.NOT_FOUND', detail);
  }
}

/** /metrics or /status without the operations token (METRICS_TOKEN), or with a wrong one. */
export class OpsTokenRequiredError extends UnauthorizedError {
  constructor() {
    super('The METRICS_TOKEN bearer token is required.', 'OPS.TOKEN_REQUIRED');
  }
}
