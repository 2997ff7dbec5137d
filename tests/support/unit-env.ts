// Runs before every unit test file (after env.ts). Unit tests use no services, even when `npm test` has
// started them for the integration project (workers inherit its environment): the platform config gets
// a database URL and service endpoints that lead nowhere, so a unit test that reaches for one fails at
// once (connection refused) in every run, instead of passing only when the services happen to be up.
import { randomBytes } from 'node:crypto';

process.env.DATABASE_URL = 'postgres://unit-tests-have-no-database@127.0.0.1:9/none';
process.env.SQS_ENDPOINT = 'http://127.0.0.1:9';
process.env.DYNAMODB_ENDPOINT = 'http://127.0.0.1:9';
process.env.JWT_SECRET ??= randomBytes(32).toString('base64url');
process.env.PAYMENT_WEBHOOK_SECRET ??= randomBytes(32).toString('base64url');
process.env.PAYMENT_PROVIDER_WEBHOOK_SECRET ??= process.env.PAYMENT_WEBHOOK_SECRET;
process.env.PAYMENT_PROVIDER_API_KEY ??= randomBytes(32).toString('base64url');
