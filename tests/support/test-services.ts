/**
 * One PostgreSQL, SQS emulator and DynamoDB emulator for the whole jest run, with the queues and tables
 * of serverless.yml and all migrations applied. Tests find them through process.env (workers inherit it).
 * Loaded by global-setup.ts / global-teardown.ts through tsx (see there why).
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { LOCAL_AWS_CREDENTIALS, REGION } from '../../local/config.js';
import { migrate } from '../../local/database.js';
import { startDynamoEmulator, startSqsEmulator } from '../../local/emulators.js';
import { setQuiet } from '../../local/log.js';
import { startEmbeddedPostgres } from '../../local/postgres.js';
import { freePort } from '../../local/processes.js';
import { provisionResources, resolveServerlessConfig } from '../../local/resources.js';
import { getServices, setServices, type TestServices } from './services.js';
import { disposeAbandonedDirs, disposeDir, makeTempDir } from './temp-dirs.js';

export async function startTestServices(): Promise<void> {
  setQuiet(!process.env.DEBUG_LOGS);
  process.env.SYNCORE_TEST_OWNER_PID = String(process.pid);
  await disposeAbandonedDirs();
  const dir = await makeTempDir('global');
  const services: TestServices = { dir, stops: [] };
  setServices(services); // registered first, so teardown cleans up even if a step below fails
  // Each service is registered as soon as it runs: if another one fails, teardown still stops it.
  const register = <T extends { stop(): Promise<void> }>(service: T) => {
    services.stops.unshift(service.stop);
    return service;
  };
  const [config, postgres, sqs, dynamodb] = await Promise.all([
    resolveServerlessConfig(),
    startEmbeddedPostgres(path.join(dir, 'postgres'), await freePort()).then(register),
    startSqsEmulator(await freePort()).then(register),
    startDynamoEmulator(await freePort()).then(register),
  ]);
  await provisionResources(config, { sqsEndpoint: sqs.endpoint, dynamodbEndpoint: dynamodb.endpoint });
  await migrate(postgres.url);
  // The functions' own environment from serverless.yml (table and queue names, ...), then the services.
  const { NODE_OPTIONS: _keepJestFlags, ...functionEnv } =
    (config as { provider?: { environment?: Record<string, string> } }).provider?.environment ?? {};
  Object.assign(process.env, functionEnv, {
    DATABASE_URL: postgres.url,
    SQS_ENDPOINT: sqs.endpoint,
    DYNAMODB_ENDPOINT: dynamodb.endpoint,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: LOCAL_AWS_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_AWS_CREDENTIALS.secretAccessKey,
    JWT_SECRET: randomBytes(32).toString('base64url'),
    PAYMENT_WEBHOOK_SECRET: randomBytes(32).toString('base64url'),
    TELEGRAM_WEBHOOK_SECRET: randomBytes(32).toString('base64url'),
    PAYMENT_PROVIDER_API_KEY: randomBytes(32).toString('base64url'),
  });
  // The simulator's own signing setting holds the secret the booking side verifies with (local/secrets.ts).
  process.env.PAYMENT_PROVIDER_WEBHOOK_SECRET = process.env.PAYMENT_WEBHOOK_SECRET;
}

export async function stopTestServices(): Promise<void> {
  const services = getServices();
  if (!services) return;
  for (const stop of services.stops) await stop().catch((error) => console.warn(`teardown: ${error}`));
  await disposeDir(services.dir);
}
