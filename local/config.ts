import path from 'node:path';
import { parseArgs } from 'node:util';
import { StartupError } from './log.js';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..');
export const SERVICE = 'syncore';
export const STAGE = 'local';
export const REGION = 'eu-central-1';
// Node 20 is a supported development runtime here (deploys use nodejs22.x): silence the SDK's notice.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/**
 * The largest a function's bundle (the `.mjs` the Lambda runtime loads) may be: issue 14's cold-start
 * budget, checked by CI after packaging (local/check-package.ts) and reported by bench/cold-start.
 */
export const MAX_BUNDLE_BYTES = 1.5 * 1024 * 1024;

export const LOCAL_AWS_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export interface RuntimeOptions {
  httpPort: number;
  lambdaPort: number;
  pgPort: number;
  sqsPort: number;
  dynamodbPort: number;
  dataDir: string;
  fresh: boolean;
  dev: boolean;
  quiet: boolean;
  /** Set when the developer points us at their own services (docker compose): we start no emulator for it. */
  external: { databaseUrl?: string; sqsEndpoint?: string; dynamodbEndpoint?: string };
}

function port(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > 65535) {
    throw new StartupError(`${name} must be a port number (1-65535), got "${value}"`);
  }
  return parsed;
}

export function dataDirFrom(value: string | undefined): string {
  return path.resolve(REPO_ROOT, value || process.env.SYNCORE_DATA_DIR || '.syncore');
}

const USAGE = 'usage: npm start -- [--port N] [--lambda-port N] [--data-dir DIR] [--fresh] [--dev] [--quiet]';

function parseFlags(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        'lambda-port': { type: 'string' },
        'data-dir': { type: 'string' },
        fresh: { type: 'boolean', default: false },
        dev: { type: 'boolean', default: false },
        quiet: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    throw new StartupError(`${(error as Error).message}\n${USAGE}`);
  }
}

export function parseRuntimeOptions(argv: string[], env: NodeJS.ProcessEnv): RuntimeOptions {
  const values = parseFlags(argv);
  const httpPort = port(values.port ?? env.PORT, 3000, '--port / PORT');
  const options: RuntimeOptions = {
    httpPort,
    lambdaPort: port(
      values['lambda-port'] ?? env.SYNCORE_LAMBDA_PORT,
      httpPort + 2,
      '--lambda-port / SYNCORE_LAMBDA_PORT',
    ),
    pgPort: port(env.SYNCORE_PG_PORT, 54329, 'SYNCORE_PG_PORT'),
    sqsPort: port(env.SYNCORE_SQS_PORT, 9324, 'SYNCORE_SQS_PORT'),
    dynamodbPort: port(env.SYNCORE_DYNAMODB_PORT, 8010, 'SYNCORE_DYNAMODB_PORT'),
    dataDir: dataDirFrom(values['data-dir']),
    fresh: values.fresh,
    dev: values.dev,
    quiet: values.quiet,
    external: {
      databaseUrl: env.DATABASE_URL || undefined,
      sqsEndpoint: env.SQS_ENDPOINT || undefined,
      dynamodbEndpoint: env.DYNAMODB_ENDPOINT || undefined,
    },
  };
  if (env.SYNCORE_ALLOW_REMOTE !== '1') assertLocalEndpoints(options.external);
  return options;
}

// Hosts docker compose gives our services, plus the host as seen from a container.
const COMPOSE_HOSTS = new Set(['postgres', 'localstack', 'host.docker.internal']);

export function isLocalHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '::1' ||
    /^127\.\d+\.\d+\.\d+$/.test(host) ||
    COMPOSE_HOSTS.has(host)
  );
}

/** A typo in .env must not point the local runtime's migrations and seeds at a real database or queue. */
function assertLocalEndpoints(external: RuntimeOptions['external']): void {
  const entries = [
    ['DATABASE_URL', external.databaseUrl],
    ['SQS_ENDPOINT', external.sqsEndpoint],
    ['DYNAMODB_ENDPOINT', external.dynamodbEndpoint],
  ] as const;
  for (const [name, value] of entries) {
    if (!value) continue;
    let hostname: string;
    try {
      hostname = new URL(value).hostname;
    } catch {
      throw new StartupError(`${name} is not a valid URL`);
    }
    if (!isLocalHost(hostname)) {
      throw new StartupError(
        `${name} points at "${hostname}", which is not a local host. ` +
          'The local runtime migrates and seeds whatever it is given; set SYNCORE_ALLOW_REMOTE=1 if you really mean it.',
      );
    }
  }
}

export function localUrls(options: RuntimeOptions) {
  return {
    databaseUrl:
      options.external.databaseUrl ?? `postgres://postgres:postgres@127.0.0.1:${options.pgPort}/syncore`,
    sqsEndpoint: options.external.sqsEndpoint ?? `http://127.0.0.1:${options.sqsPort}`,
    dynamodbEndpoint: options.external.dynamodbEndpoint ?? `http://127.0.0.1:${options.dynamodbPort}`,
  };
}
