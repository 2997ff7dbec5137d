import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { getParameter } from '@aws-lambda-powertools/parameters/ssm';
import { ConfigError, platformConfig } from '../config.js';

// Secrets are never baked into the deployed template: locally they come from the environment, on AWS
// from SSM / Secrets Manager, fetched once per container and cached by Powertools Parameters.
const CACHE_SECONDS = 300;

export async function jwtSecret(): Promise<Uint8Array> {
  const { JWT_SECRET, JWT_SECRET_PARAMETER } = platformConfig();
  const value =
    JWT_SECRET ?? (await getParameter(JWT_SECRET_PARAMETER!, { decrypt: true, maxAge: CACHE_SECONDS }));
  if (!value || value.length < 32)
    throw new ConfigError('JWT secret is missing or shorter than 32 characters');
  return new TextEncoder().encode(value);
}

export async function databaseUrl(): Promise<string> {
  const { DATABASE_URL, DATABASE_HOST, DATABASE_NAME, DATABASE_SECRET_ARN } = platformConfig();
  if (DATABASE_URL) return DATABASE_URL;
  const secret = await getSecret<{ username: string; password: string }>(DATABASE_SECRET_ARN!, {
    transform: 'json',
    maxAge: CACHE_SECONDS,
  });
  if (!secret?.username || !secret.password)
    throw new ConfigError('DATABASE_SECRET_ARN does not hold username/password');
  const credentials = `${encodeURIComponent(secret.username)}:${encodeURIComponent(secret.password)}`;
  return `postgres://${credentials}@${DATABASE_HOST}:5432/${DATABASE_NAME}?sslmode=no-verify`;
}
