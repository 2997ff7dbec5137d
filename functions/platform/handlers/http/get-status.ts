import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { z } from 'zod';
import { httpHandler } from '#platform/http/handler';
import { text } from '#platform/http/responses';
import { authorizeOps } from '../../authorize-ops.js';
import { RouteNotFoundError } from '../../domain/errors.js';
import { getStatus } from '../../get-status.js';
import { opsAccess, statusDeps } from '../../runtime.js';
import { STATUS_CSS, STATUS_SCRIPT, statusPage } from '../../status/page.js';

// uPlot's own files from the npm package (no CDN: the page works offline and behind a firewall).
const uplotDir = path.dirname(createRequire(import.meta.url).resolve('uplot/dist/uPlot.min.css'));
const ASSETS: Record<string, string> = {
  'uPlot.iife.min.js': 'text/javascript; charset=utf-8',
  'uPlot.min.css': 'text/css; charset=utf-8',
  'status.js': 'text/javascript; charset=utf-8',
  'status.css': 'text/css; charset=utf-8',
};

export const handler = httpHandler({
  auth: false,
  params: z.strictObject({ asset: z.string().max(64).optional() }),
  query: z.strictObject({ token: z.string().max(256).optional() }),
  securityHeaders: {
    contentSecurityPolicy: {
      'default-src': "'self'",
      'script-src': "'self'",
      'style-src': "'self'",
      'require-trusted-types-for': '',
      sandbox: false as unknown as string,
      'upgrade-insecure-requests': false as unknown as string,
    },
  },
  handler: async ({ params, headers, query }) => {
    if (params.asset) {
      // The assets are public code (uPlot, the chart script); the data is only in the page itself.
      const type = Object.hasOwn(ASSETS, params.asset) ? ASSETS[params.asset] : undefined;
      if (!type) throw new RouteNotFoundError('No such status asset.');
      const body =
        params.asset === 'status.js'
          ? STATUS_SCRIPT
          : params.asset === 'status.css'
            ? STATUS_CSS
            : await fs.readFile(path.join(uplotDir, params.asset), 'utf8');
      return text(200, body, type, { 'cache-control': 'public, max-age=3600' });
    }
    authorizeOps(await opsAccess(), headers.authorization, query.token);
    const report = await getStatus(await statusDeps());
    return text(200, statusPage(report), 'text/html; charset=utf-8', { 'cache-control': 'no-store' });
  },
});
