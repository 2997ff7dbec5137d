import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { ConfigError, platformConfig } from '../config.js';
import type { Connection } from '../db/client.js';
import { awsClientSettings } from './clients.js';

// Secrets are never baked into the deployed template: locally they come from the environment, on AWS
// from SSM / Secrets Manager, fetched once per container and cached by Powertools Parameters.
const CACHE_SECONDS = 300;

// Providers of our own (not Powertools' default ones) so their SDK clients get the shared timeouts.
let ssm: SSMProvider | undefined;
let secrets: SecretsProvider | undefined;
const ssmProvider = () => (ssm ??= new SSMProvider({ clientConfig: awsClientSettings() }));
const secretsProvider = () => (secrets ??= new SecretsProvider({ clientConfig: awsClientSettings() }));

/**
 * A secret from the environment (local runtime) or, when only `<NAME>_PARAMETER` is set, from that SSM
 * SecureString (AWS). Fails with a message naming both variables when it is missing or too short.
 */
export async function resolveSecret(
  name: string,
  from: { value?: string; parameter?: string },
  minLength: number,
): Promise<string> {
  const value =
    from.value ??
    (from.parameter
      ? await ssmProvider().get(from.parameter, { decrypt: true, maxAge: CACHE_SECONDS })
      : undefined);
  if (!value || value.length < minLength) {
    throw new ConfigError(`${name} (or ${name}_PARAMETER) is required, at least ${minLength} characters`);
  }
  return value;
}

export async function jwtSecret(): Promise<Uint8Array> {
  const { JWT_SECRET, JWT_SECRET_PARAMETER } = platformConfig();
  const value = await resolveSecret('JWT_SECRET', { value: JWT_SECRET, parameter: JWT_SECRET_PARAMETER }, 32);
  return new TextEncoder().encode(value);
}

/**
 * How to reach PostgreSQL: DATABASE_URL locally; on AWS the RDS host with the credentials of the secret
 * RDS manages. The password is a function, so every new connection uses the current secret (cached for
 * 5 minutes) and a rotation never strands a warm container. TLS verifies the server certificate
 * (Lambda's Node runtimes load the RDS CAs with NODE_EXTRA_CA_CERTS=/var/runtime/ca-cert.pem).
 */
export async function databaseConnection(): Promise<Connection> {
  const { DATABASE_URL, DATABASE_HOST, DATABASE_NAME, DATABASE_SECRET_ARN } = platformConfig();
  if (DATABASE_URL) return DATABASE_URL;
  const credentials = async () => {
    const secret = (await secretsProvider().get(DATABASE_SECRET_ARN!, {
      transform: 'json',
      maxAge: CACHE_SECONDS,
    })) as { username?: string; password?: string } | undefined;
    if (!secret?.username || !secret.password) {
      throw new ConfigError('DATABASE_SECRET_ARN does not hold username/password');
    }
    return { username: secret.username, password: secret.password };
  };
  const { username } = await credentials();
  return {
    host: DATABASE_HOST,
    port: 5432,
    database: DATABASE_NAME,
    user: username,
    password: async () => (await credentials()).password,
    ssl: { rejectUnauthorized: true },
  };
}
