/**
 * Architecture rules, checked by `npm run lint`:
 * - a bounded context never reaches into another one; only published contracts (contract.ts) cross;
 * - domain code stays pure (no kysely, no AWS SDK, no adapters);
 * - the shared layer knows nothing about contexts;
 * - production code never imports the local runtime or tests;
 * - migrations stand alone, the local runtime needs no tests, end-to-end tests go through HTTP and unit
 *   tests need no services (`npm run lint` cruises functions, layers, local, tests, migrations and bench).
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
    {
      name: 'migrations-stand-alone',
      comment:
        'A migration never changes once applied, so it must not follow code that does: kysely and its siblings only.',
      severity: 'error',
      from: { path: '^migrations/' },
      to: { path: '^(functions|layers|local|tests|bench)/' },
    },
    {
      name: 'local-runtime-without-tests',
      comment: 'The local runtime (npm start) must run without the test harness or the benchmarks.',
      severity: 'error',
      from: { path: '^local/', pathNot: '\\.test\\.ts$' },
      to: { path: '^(tests|bench)/' },
    },
    {
      name: 'tests-without-bench',
      severity: 'error',
      from: { path: '^tests/' },
      to: { path: '^bench/' },
    },
    {
      name: 'e2e-over-http',
      comment:
        'End-to-end tests drive the running stack over HTTP (and local/ process helpers), never its modules.',
      severity: 'error',
      from: { path: '^tests/e2e/' },
      to: { path: '^(functions|layers)/' },
    },
    {
      name: 'unit-tests-without-services',
      comment:
        'A test beside the code runs in the unit project, which starts no services. A test that needs the database, ' +
        'the emulators or signed-up users belongs in tests/integration/<context>/<verb-noun>.test.ts.',
      severity: 'error',
      from: { path: '^(functions|layers|local)/.+\\.test\\.ts$' },
      to: {
        path: [
          '^layers/platform/db/(index|client)\\.ts$',
          '^local/(postgres|emulators|database)\\.ts$',
          '^tests/support/(users|booking|calendar-http|calendar-queue|notifications|stack|test-services|global-setup)\\.ts$',
        ],
      },
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
