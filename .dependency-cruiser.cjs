/**
 * Architecture rules, checked by `npm run lint`:
 * - a bounded context never reaches into another one; only published contracts (contract.ts) cross;
 * - domain code stays pure (no kysely, no AWS SDK, no adapters);
 * - the shared layer knows nothing about contexts;
 * - production code never imports the local runtime or tests.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-cross-context-internals',
      comment: 'Contexts talk through queues and their published contracts only.',
      severity: 'error',
      from: { path: '^functions/([^/]+)/', pathNot: '^functions/platform/api-routes\\.ts$' },
      to: {
        path: '^functions/([^/]+)/',
        pathNot: ['^functions/$1/', '^functions/[^/]+/contract\\.ts$'],
      },
    },
    {
      name: 'api-routes-only-read-openapi',
      comment: "The API document collects each context's openapi.ts and nothing else.",
      severity: 'error',
      from: { path: '^functions/platform/api-routes\\.ts$' },
      to: { path: '^functions/(?!platform/)[^/]+/', pathNot: '^functions/[^/]+/openapi\\.ts$' },
    },
    {
      name: 'pure-domain',
      severity: 'error',
      from: { path: '^functions/[^/]+/domain/' },
      to: {
        path: [
          'kysely',
          '@aws-sdk',
          '^functions/[^/]+/adapters/',
          '^functions/[^/]+/handlers/',
          'layers/platform/db/(client|index)',
        ],
      },
    },
    {
      name: 'pure-scheduling-layer',
      comment: 'Recurrence, periods and timing are pure functions shared by calendar and meetings.',
      severity: 'error',
      from: { path: '^layers/scheduling/' },
      to: { path: ['kysely', '@aws-sdk', '^layers/platform/'] },
    },
    {
      name: 'layer-independent-of-contexts',
      severity: 'error',
      from: { path: '^layers/' },
      to: { path: '^functions/' },
    },
    {
      name: 'no-runtime-or-tests-in-functions',
      severity: 'error',
      from: { path: '^(functions|layers)/', pathNot: '\\.test\\.ts$' },
      to: { path: '^(local|tests|bench)/' },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js'],
    },
  },
};
