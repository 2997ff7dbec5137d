import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { callHttp } from '../../tests/support/http-event.js';
import { apiErrorCodes, apiRoutes } from './api-routes.js';
import { handler as docs } from './handlers/http/docs.js';
import { handler as notFound } from './handlers/http/not-found.js';
import { handler as openapi } from './handlers/http/openapi.js';

const functionsDir = path.resolve(import.meta.dirname, '..');
const cloudFormationTags = ['GetAtt', 'Ref', 'Sub'].map((name) => ({
  tag: `!${name}`,
  resolve: (value: string) => value,
}));

/** Every `httpApi` route declared in functions/<context>/functions.yml, as "METHOD /path". */
function declaredRoutes(): string[] {
  const routes: string[] = [];
  for (const context of readdirSync(functionsDir)) {
    const file = path.join(functionsDir, context, 'functions.yml');
    let functions: Record<string, { events?: { httpApi?: { method: string; path: string } }[] }>;
    try {
      functions = parse(readFileSync(file, 'utf8'), { customTags: cloudFormationTags }) ?? {};
    } catch {
      continue;
    }
    for (const fn of Object.values(functions)) {
      for (const event of fn.events ?? []) {
        if (event.httpApi && event.httpApi.method !== '*')
          routes.push(`${event.httpApi.method.toUpperCase()} ${event.httpApi.path}`);
      }
    }
  }
  return routes;
}

describe('API documentation', () => {
  it('documents every HTTP route declared for the functions, and nothing else', async () => {
    const documented = apiRoutes.map((route) => `${route.method.toUpperCase()} ${route.path}`);
    const declared = declaredRoutes().filter(
      (route) => !route.startsWith('GET /docs') && route !== 'GET /openapi.json',
    );
    expect(new Set(documented)).toEqual(new Set(declared));
  });

  it('serves an OpenAPI 3.1 document generated from the schemas, with problem responses and bearer auth', async () => {
    const response = await callHttp(openapi);
    expect(response.status).toBe(200);
    const document = response.body;
    expect(document.openapi).toBe('3.1.0');
    const register = document.paths['/auth/register'].post;
    expect(register.requestBody.content['application/json'].schema).toBeDefined();
    expect(register.responses['409'].content['application/problem+json']).toBeDefined();
    expect(document.paths['/me'].get.security).toEqual([{ bearerAuth: [] }]);
    expect(document.components.securitySchemes.bearerAuth.scheme).toBe('bearer');
    const identity = document.tags.find((tag: { name: string }) => tag.name === 'identity');
    expect(identity.description).toContain('`IDENTITY.EMAIL_TAKEN` (409)');
  });

  it('serves Swagger UI and its assets from the package, and 404 for anything else', async () => {
    const page = await callHttp(docs);
    expect(page.status).toBe(200);
    expect(page.raw).toContain('swagger-ui-bundle.js');
    expect(String(page.headers['content-security-policy'])).not.toContain('sandbox');
    const asset = await callHttp(docs, { params: { asset: 'swagger-ui.css' } });
    expect(asset.headers['content-type']).toContain('text/css');
    expect(asset.raw.length).toBeGreaterThan(1000);
    const boot = await callHttp(docs, { params: { asset: 'docs.js' } });
    expect(boot.raw).toContain('/openapi.json');
    const missing = await callHttp(docs, { params: { asset: '..%2Fpackage.json' } });
    expect(missing.status).toBe(404);
  });
});

describe('unknown routes', () => {
  it('answer 404 problem+json naming the route', async () => {
    const response = await callHttp(notFound, { method: 'DELETE', path: '/nope' });
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.body).toMatchObject({ code: 'ROUTE.NOT_FOUND', detail: 'No route for DELETE /nope.' });
    const withQuery = await callHttp(notFound, { path: '/nope', query: { page: '2' } });
    expect(withQuery.status).toBe(404);
  });
});

describe('CORS preflight', () => {
  it('answers OPTIONS on any path with 2xx and the allowed methods and headers', async () => {
    const response = await callHttp(notFound, {
      method: 'OPTIONS',
      path: '/me',
      headers: {
        origin: 'https://app.example',
        'access-control-request-method': 'PATCH',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(response.status).toBeGreaterThanOrEqual(200);
    expect(response.status).toBeLessThan(300);
    expect(response.headers['access-control-allow-origin']).toBeDefined();
    expect(String(response.headers['access-control-allow-methods'])).toContain('PATCH');
    expect(String(response.headers['access-control-allow-headers'])).toContain('authorization');
  });
});

/** The stable codes ('CONTEXT.REASON') a source file spells out, the shared REQUEST.* and AUTH.* ones aside. */
function codesIn(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  return [...source.matchAll(/'([A-Z_]+\.[A-Z_]+)'/g)]
    .map((match) => match[1] as string)
    .filter((code) => !/^(REQUEST|AUTH)\./.test(code));
}

/** Every .ts file of a context but its tests, recursively. */
function sourcesOf(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourcesOf(file);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [file] : [];
  });
}

describe('error codes', () => {
  const contexts = readdirSync(functionsDir).filter((context) =>
    existsSync(path.join(functionsDir, context, 'domain/errors.ts')),
  );
  const tagOf = (context: string) =>
    Object.keys(apiErrorCodes).find((tag) => tag.split(' ')[0] === context) as string;

  it("lists in openapi.ts exactly the codes of each context's domain/errors.ts, prefixed by the context", () => {
    expect(contexts.length).toBeGreaterThanOrEqual(6);
    for (const context of contexts) {
      const defined = codesIn(path.join(functionsDir, context, 'domain/errors.ts')).sort();
      expect({ context, codes: Object.keys(apiErrorCodes[tagOf(context)] ?? {}).sort() }).toEqual({
        context,
        codes: defined,
      });
      // The platform's functions answer ROUTE.* (routing) and OPS.* (the operations pages).
      const prefixes = context === 'platform' ? ['ROUTE', 'OPS'] : [context.toUpperCase().replace(/-/g, '_')];
      for (const code of defined) expect(prefixes.some((prefix) => code.startsWith(`${prefix}.`))).toBe(true);
    }
  });

  it('are defined nowhere else: handlers, use cases and adapters throw the classes of domain/errors.ts', () => {
    const elsewhere = contexts.flatMap((context) =>
      sourcesOf(path.join(functionsDir, context))
        .filter((file) => !/(domain\/errors|openapi|api-routes)\.ts$/.test(file))
        .flatMap((file) => codesIn(file).map((code) => `${path.relative(functionsDir, file)}: ${code}`)),
    );
    expect(elsewhere).toEqual([]);
  });
});
