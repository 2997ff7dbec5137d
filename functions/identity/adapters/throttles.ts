import { DynamoDB } from '@aws-sdk/client-dynamodb';
import {
  type IRateLimiterOptions,
  type RateLimiterAbstract,
  RateLimiterDynamo,
  RateLimiterMemory,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import { platformConfig } from '#platform/config';
import { identityConfig } from '../config.js';
import { LoginThrottledError, RegistrationThrottledError } from '../domain/errors.js';

/**
 * Port used by the login use case. Every attempt is counted atomically BEFORE the password is checked,
 * so parallel attempts cannot slip past the limit; a successful login clears the account's count.
 */
export interface LoginThrottle {
  /** Counts the attempt against the account and the client IP; 429 when either is over its limit. */
  begin(email: string, ip: string): Promise<void>;
  succeeded(email: string): Promise<void>;
}

/** Port used by registration: attempts per client IP (each one costs a password hash). */
export interface RegistrationThrottle {
  begin(ip: string): Promise<void>;
}

export interface IdentityThrottles {
  login: LoginThrottle;
  registration: RegistrationThrottle;
}

export const LOGIN_LIMITS = {
  /** Failed logins per account before it is locked for the rest of the window. */
  perAccount: { points: 5, duration: 15 * 60 },
  /** Login attempts (right or wrong) per IP: stops one client spraying many accounts. */
  perIp: { points: 30, duration: 15 * 60 },
};

type MakeLimiter = (options: IRateLimiterOptions & { keyPrefix: string }) => RateLimiterAbstract;

/** Consumes one point atomically; over the limit → the given 429, a store failure → rethrown (fails closed). */
async function consume(
  limiter: RateLimiterAbstract,
  key: string,
  over: (retryAfterSeconds: number) => Error,
) {
  try {
    await limiter.consume(key);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) throw over(rejection.msBeforeNext / 1000);
    throw rejection;
  }
}

/** Builds the throttles on rate-limiter-flexible with any of its stores (DynamoDB on every runtime, memory in unit tests). */
export function createThrottles(
  make: MakeLimiter,
  registrationsPerHour = identityConfig().REGISTRATIONS_PER_IP_PER_HOUR,
): IdentityThrottles {
  const account = make({ ...LOGIN_LIMITS.perAccount, keyPrefix: 'login-account' });
  const loginIp = make({ ...LOGIN_LIMITS.perIp, keyPrefix: 'login-ip' });
  const registrationIp = make({ points: registrationsPerHour, duration: 60 * 60, keyPrefix: 'register-ip' });
  const loginThrottled = (seconds: number) => new LoginThrottledError(seconds);
  return {
    login: {
      async begin(email, clientIp) {
        await consume(loginIp, clientIp, loginThrottled);
        await consume(account, email, loginThrottled);
      },
      async succeeded(email) {
        await account.delete(email);
      },
    },
    registration: {
      begin: (clientIp) =>
        consume(registrationIp, clientIp, (seconds) => new RegistrationThrottledError(seconds)),
    },
  };
}

let shared: IdentityThrottles | undefined;

/** The shared throttles: counters in DynamoDB so every Lambda container sees the same counts. */
export function dynamoThrottles(): IdentityThrottles {
  if (!shared) {
    const { AWS_REGION, DYNAMODB_ENDPOINT, RATE_LIMIT_TABLE } = platformConfig();
    const client = new DynamoDB({ region: AWS_REGION, endpoint: DYNAMODB_ENDPOINT });
    shared = createThrottles(
      (options) =>
        new RateLimiterDynamo({
          ...options,
          storeClient: client,
          tableName: RATE_LIMIT_TABLE,
          tableCreated: true,
          ttlSet: true,
        }),
    );
  }
  return shared;
}

export const memoryThrottles = (registrationsPerHour?: number) =>
  createThrottles((options) => new RateLimiterMemory(options), registrationsPerHour);
