// Runs before every test file (setupFiles). The services themselves come from global-setup.ts.
process.env.POWERTOOLS_LOG_LEVEL = process.env.DEBUG_LOGS ? 'DEBUG' : 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_DEV = process.env.DEBUG_LOGS ? 'true' : 'false';
process.env.POWERTOOLS_TRACE_ENABLED = 'false';
// Test suites sign up hundreds of users from one address; the per-IP sign-up limit has its own test.
process.env.REGISTRATIONS_PER_IP_PER_HOUR = '1000000';
// New password hashes at scrypt N=2^14 instead of OWASP's 2^17 (~10x faster): suites sign up hundreds of
// users. The production cost and the rehash have their own tests (tests/integration/identity/login.test.ts).
process.env.PASSWORD_HASH_LOG2_N ??= '14';
