// Runs before every unit test file (after env.ts). Unit tests start no services: the platform config
// still needs a database URL and a signing key to parse, so they get ones that lead nowhere. A unit test
// that reaches for the database fails at once (connection refused) instead of waiting for one.
import { randomBytes } from 'node:crypto';

process.env.DATABASE_URL ??= 'postgres://unit-tests-have-no-database@127.0.0.1:9/none';
process.env.JWT_SECRET ??= randomBytes(32).toString('base64url');
process.env.PAYMENT_WEBHOOK_SECRET ??= randomBytes(32).toString('base64url');
