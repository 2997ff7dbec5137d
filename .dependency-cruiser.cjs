/**
 * Architecture rules, checked by `npm run lint`:
 * - a bounded context never reaches into another one; only published contracts (contract.ts) cross;
 * - domain code stays pure (no kysely, no AWS SDK, no adapters);
 * - the shared layer knows nothing about contexts;
 * - production code never imports the local runtime or tests;
 * - migrations stand alone, the local runtime needs no tests, end-to-end tests go through HTTP and unit
 *   tests need no services (`npm run lint` cruises functions, layers, local, tests, migrations and bench).
 */
/** Nothing matching `from` may import anything matching `to`. */
const forbid = (name, comment, from, to) => ({ name, comment, severity: 'error', from, to });

module.exports = {
  forbidden: [
    {
      name: 'no-cross-context-internals',
      comment: 'Contexts talk through queues and their published contracts only.',
      severity: 'error',
      from: {
        path: '^functions/([^/]+)/',
        pathNot: ['^functions/platform/api-routes\\.ts$', '^functions/platform/metric-gauges\\.ts$'],
      },
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
      name: 'metric-gauges-only-read-metrics',
      comment: "The /metrics gauge list collects each context's metrics.ts and nothing else.",
      severity: 'error',
      from: { path: '^functions/platform/metric-gauges\\.ts$' },
      to: { path: '^functions/(?!platform/)[^/]+/', pathNot: '^functions/[^/]+/metrics\\.ts$' },
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
    forbid(
      'migrations-stand-alone',
      'A migration never changes once applied, so it must not follow code that does: kysely only.',
      { path: '^migrations/' },
      { path: '^(functions|layers|local|tests|bench)/' },
    ),
    forbid(
      'local-runtime-without-tests',
      'The local runtime (npm start) must run without the test harness or the benchmarks.',
      { path: '^local/', pathNot: '\\.test\\.ts$' },
      { path: '^(tests|bench)/' },
    ),
    forbid(
      'tests-without-bench',
      'Benchmarks use the test support, not the other way round.',
      { path: '^tests/' },
      { path: '^bench/' },
    ),
    forbid(
      'e2e-over-http',
      'End-to-end tests drive the running stack over HTTP (and local/ process helpers), never its modules.',
      { path: '^tests/e2e/' },
      { path: '^(functions|layers)/' },
    ),
    forbid(
      'unit-tests-without-services',
      'A test beside the code runs in the unit project, which starts no services. A test that needs the database, ' +
        'the emulators or signed-up users belongs in tests/integration/<context>/<verb-noun>.test.ts.',
      { path: '^(functions|layers|local)/.+\\.test\\.ts$' },
      {
        path: [
          '^layers/platform/db/(index|client)\\.ts$',
          '^local/(postgres|emulators|database)\\.ts$',
          '^tests/support/(users|booking|payments|calendar-http|calendar-queue|notifications|stack|test-services|global-setup)\\.ts$',
        ],
      },
    ),
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
