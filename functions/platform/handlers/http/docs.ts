import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { z } from 'zod';
import { httpHandler } from '#platform/http/handler';
import { text } from '#platform/http/responses';
import { RouteNotFoundError } from '../../domain/errors.js';

// Swagger UI's own files, served from the swagger-ui-dist package (no CDN: works offline).
const assetsDir = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'docs.js': 'text/javascript; charset=utf-8',
};

const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>syncore API</title><link rel="stylesheet" href="/docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/swagger-ui-standalone-preset.js"></script>
<script src="/docs/docs.js"></script>
</body></html>`;

// "Authorize" takes the token from POST /auth/login; persistAuthorization keeps it across reloads.
const BOOT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', persistAuthorization: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: 'StandaloneLayout' });`;

export const handler = httpHandler({
  auth: false,
  params: z.strictObject({ asset: z.string().max(64).optional() }),
  // Only same-origin scripts and styles (Swagger UI needs inline styles and data: images).
  securityHeaders: {
    contentSecurityPolicy: {
      'default-src': "'self'",
      'script-src': "'self'",
      'style-src': "'self' 'unsafe-inline'",
      'img-src': "'self' data:",
      'require-trusted-types-for': '',
      // middy adds these two when they are '' (its default); any other falsy value drops them.
      sandbox: false as unknown as string,
      'upgrade-insecure-requests': false as unknown as string,
    },
  },
  handler: async ({ params }) => {
    if (!params.asset) return text(200, PAGE, 'text/html; charset=utf-8');
    // Own properties only: 'constructor' or '__proto__' must not find Object.prototype's members.
    const type = Object.hasOwn(ASSETS, params.asset) ? ASSETS[params.asset] : undefined;
    if (!type) throw new RouteNotFoundError('No such documentation asset.');
    const body =
      params.asset === 'docs.js' ? BOOT : await fs.readFile(path.join(assetsDir, params.asset), 'utf8');
    return text(200, body, type, { 'cache-control': 'public, max-age=3600' });
  },
});
