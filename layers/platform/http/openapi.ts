import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

/** How a context describes one HTTP route for the API document, using the same zod schemas as the handler. */
export interface ApiRoute {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI path template, e.g. `/events/{id}`. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  auth: boolean;
  body?: z.ZodType;
  query?: z.ZodObject;
  params?: z.ZodObject;
  headers?: z.ZodObject;
  /** Success status → body schema (`null` for an empty body). */
  responses: Record<number, z.ZodType | null>;
  /** Problem statuses this route can answer besides 500 (400, 401 and 413 are added where they apply). */
  problems?: number[];
  /** A non-JSON success body, e.g. `text/calendar`. */
  contentType?: string;
}

const FieldErrorSchema = z.object({
  in: z.enum(['body', 'query', 'path', 'header']),
  field: z.string(),
  message: z.string(),
});

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().meta({ description: 'Stable machine-readable code, e.g. IDENTITY.EMAIL_TAKEN' }),
    instance: z.string().optional(),
    correlationId: z.string().optional(),
    errors: z.array(FieldErrorSchema).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

function problemStatuses(route: ApiRoute): number[] {
  const statuses = new Set(route.problems ?? []);
  if (route.body || route.query || route.params) statuses.add(400);
  if (route.body) statuses.add(413).add(415);
  if (route.auth) statuses.add(401);
  statuses.add(500);
  return [...statuses].sort();
}

function toRouteConfig(route: ApiRoute): RouteConfig {
  const responses: RouteConfig['responses'] = {};
  for (const [status, schema] of Object.entries(route.responses)) {
    responses[status] = schema
      ? { description: 'Success', content: { [route.contentType ?? 'application/json']: { schema } } }
      : { description: 'Success, no body' };
  }
  for (const status of problemStatuses(route)) {
    responses[status] = {
      description: 'Problem',
      content: { 'application/problem+json': { schema: ProblemSchema } },
    };
  }
  return {
    method: route.method,
    path: route.path,
    summary: route.summary,
    description: route.description,
    tags: [route.tag],
    security: route.auth ? [{ bearerAuth: [] }] : [],
    request: {
      body: route.body
        ? { content: { 'application/json': { schema: route.body } }, required: true }
        : undefined,
      query: route.query,
      params: route.params,
      headers: route.headers,
    },
    responses,
  };
}

export function buildOpenApiDocument(routes: ApiRoute[], serverUrl?: string) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  for (const route of routes) registry.registerPath(toRouteConfig(route));
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'syncore API',
      version: '0.1.0',
      description:
        'Scheduling, booking and notifications. Errors are RFC 9457 problem+json with a stable `code` and, for invalid input, one entry per field in `errors`. Unknown body fields and unknown query parameters are rejected with 400.',
    },
    servers: serverUrl ? [{ url: serverUrl }] : [],
  });
}
