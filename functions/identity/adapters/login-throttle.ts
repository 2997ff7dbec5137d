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

/** Port used by the login use case: counts failed attempts per account and attempts per client IP. */
export interface LoginThrottle {
  assertAllowed(email: string, ip: string): Promise<void>;
  recordFailure(email: string, ip: string): Promise<void>;
  recordSuccess(email: string, ip: string): Promise<void>;
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

  const blockedFor = async (limiter: RateLimiterAbstract, key: string, limit: number): Promise<number> => {
    const state = await limiter.get(key);
    return state && state.consumedPoints >= limit ? state.msBeforeNext / 1000 : 0;
  };
  const consume = async (limiter: RateLimiterAbstract, key: string) => {
    try {
      await limiter.consume(key);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error; // a store failure, not a rejection
    }
  };

  return {
    async assertAllowed(email, clientIp) {
      const wait = Math.max(
        await blockedFor(account, email, LOGIN_LIMITS.perAccount.points),
        await blockedFor(ip, clientIp, LOGIN_LIMITS.perIp.points),
      );
      if (wait > 0) throw new LoginThrottledError(wait);
      await consume(ip, clientIp);
    },
    recordFailure: (email) => consume(account, email),
    recordSuccess: async (email) => {
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
