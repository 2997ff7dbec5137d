import { DynamoDB } from '@aws-sdk/client-dynamodb';
import {
  type IRateLimiterOptions,
  type RateLimiterAbstract,
  RateLimiterDynamo,
  RateLimiterMemory,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import { platformConfig } from '../../../layers/platform/config.js';
import { TooManyRequestsError } from '../../../layers/platform/errors.js';

/**
 * Port used by the login use case. Every attempt is counted atomically BEFORE the password is checked,
 * so parallel attempts cannot slip past the limit; a successful login clears the account's count.
 */
export interface LoginThrottle {
  /** Counts the attempt against the account and the client IP; 429 when either is over its limit. */
  begin(email: string, ip: string): Promise<void>;
  succeeded(email: string): Promise<void>;
}

export const LOGIN_LIMITS = {
  /** Failed logins per account before it is locked for the rest of the window. */
  perAccount: { points: 5, duration: 15 * 60 },
  /** Login attempts (right or wrong) per IP: stops one client spraying many accounts. */
  perIp: { points: 30, duration: 15 * 60 },
};

export class LoginThrottledError extends TooManyRequestsError {
  constructor(retryAfterSeconds: number) {
    super('IDENTITY.LOGIN_THROTTLED', 'Too many login attempts. Try again later.', retryAfterSeconds);
  }
}

/** Builds the throttle on rate-limiter-flexible with any of its stores (DynamoDB on every runtime, memory in unit tests). */
export function createLoginThrottle(
  make: (options: IRateLimiterOptions & { keyPrefix: string }) => RateLimiterAbstract,
): LoginThrottle {
  const account = make({ ...LOGIN_LIMITS.perAccount, keyPrefix: 'login-account' });
  const ip = make({ ...LOGIN_LIMITS.perIp, keyPrefix: 'login-ip' });

  const consume = async (limiter: RateLimiterAbstract, key: string) => {
    try {
      await limiter.consume(key);
    } catch (rejection) {
      // A RateLimiterRes means "over the limit"; anything else is a store failure and fails the login.
      if (rejection instanceof RateLimiterRes) throw new LoginThrottledError(rejection.msBeforeNext / 1000);
      throw rejection;
    }
  };

  return {
    async begin(email, clientIp) {
      await consume(ip, clientIp);
      await consume(account, email);
    },
    async succeeded(email) {
      await account.delete(email);
    },
  };
}

let throttle: LoginThrottle | undefined;

/** The shared throttle: counters in DynamoDB so every Lambda container sees the same counts. */
export function dynamoLoginThrottle(): LoginThrottle {
  const { AWS_REGION, DYNAMODB_ENDPOINT, RATE_LIMIT_TABLE } = platformConfig();
  const client = new DynamoDB({ region: AWS_REGION, endpoint: DYNAMODB_ENDPOINT });
  throttle ??= createLoginThrottle(
    (options) =>
      new RateLimiterDynamo({
        ...options,
        storeClient: client,
        tableName: RATE_LIMIT_TABLE,
        tableCreated: true,
        ttlSet: true,
      }),
  );
  return throttle;
}

export const memoryLoginThrottle = () => createLoginThrottle((options) => new RateLimiterMemory(options));
