import { DynamoDB } from '@aws-sdk/client-dynamodb';
import {
  type IRateLimiterOptions,
  type RateLimiterAbstract,
  RateLimiterDynamo,
  RateLimiterMemory,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import { awsClientSettings } from '#platform/aws/clients';
import { platformConfig } from '#platform/config';
import { clientNetwork } from '#platform/http/client-network';
import { identityConfig } from '../config.js';
import { LoginThrottledError, RegistrationThrottledError } from '../domain/errors.js';

/**
 * Port used by the login use case. Every attempt is counted atomically BEFORE the password is checked,
 * so parallel attempts cannot slip past the limit; a successful login clears the counts of that account
 * (from that IP and overall).
 */
export interface LoginThrottle {
  /**
   * Counts the attempt against the client IP, the account from that IP and the account overall. The
   * first two lock (429 for the rest of their window): a stranger hammering an account from one address
   * locks out only that address. The account overall never locks: past its ceiling it only slows down,
   * one attempt per growing delay (429 with a short Retry-After), so the owner still gets in.
   */
  begin(email: string, ip: string): Promise<void>;
  succeeded(email: string, ip: string): Promise<void>;
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
  /** Attempts on one account from one IP before that IP is locked out of it for the rest of the window. */
  perAccountAndIp: { points: 5, duration: 15 * 60 },
  /** Login attempts (right or wrong) per IP: stops one client spraying many accounts. */
  perIp: { points: 30, duration: 15 * 60 },
  /** Attempts per account from all IPs before it slows down (never locks): see `backoffSeconds`. */
  perAccount: { points: 20, duration: 15 * 60 },
  /** Past the account ceiling: one attempt, then wait 5, 10, 20, 40 … up to this many seconds. */
  maxBackoffSeconds: 60,
};

/** The pause after the n-th attempt over the account ceiling (n ≥ 1): exponential, capped. */
export const backoffSeconds = (attemptsOverCeiling: number) =>
  Math.min(5 * 2 ** Math.min(Math.max(attemptsOverCeiling - 1, 0), 20), LOGIN_LIMITS.maxBackoffSeconds);

type MakeLimiter = (options: IRateLimiterOptions & { keyPrefix: string }) => RateLimiterAbstract;

/** Consumes one point atomically; over the limit → the given 429, a store failure → rethrown (fails closed). */
async function consume(
  limiter: RateLimiterAbstract,
  key: string,
  over: (retryAfterSeconds: number) => Error,
  options?: { customDuration: number },
) {
  try {
    await limiter.consume(key, 1, options);
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
  const accountFromIp = make({ ...LOGIN_LIMITS.perAccountAndIp, keyPrefix: 'login-account-ip' });
  const loginIp = make({ ...LOGIN_LIMITS.perIp, keyPrefix: 'login-ip' });
  const account = make({ ...LOGIN_LIMITS.perAccount, keyPrefix: 'login-account-all' });
  // One point per key; each key lives for the current backoff delay (customDuration when created).
  const accountGate = make({ points: 1, duration: 1, keyPrefix: 'login-account-gate' });
  const registrationIp = make({ points: registrationsPerHour, duration: 60 * 60, keyPrefix: 'register-ip' });
  const loginThrottled = (seconds: number) => new LoginThrottledError(seconds);
  return {
    // Counted per client network (an IPv6 client by its /64), not per address: a /64 is one subscriber's.
    login: {
      async begin(email, clientIp) {
        const network = clientNetwork(clientIp);
        await consume(loginIp, network, loginThrottled);
        await consume(accountFromIp, `${email}|${network}`, loginThrottled);
        const overall = await account.consume(email).catch((rejection: unknown) => {
          if (rejection instanceof RateLimiterRes) return rejection;
          throw rejection;
        });
        const over = overall.consumedPoints - LOGIN_LIMITS.perAccount.points;
        if (over <= 0) return;
        // Over the ceiling: let one attempt through per delay, whoever makes it.
        const delay = backoffSeconds(over);
        await consume(accountGate, email, loginThrottled, { customDuration: delay });
      },
      async succeeded(email, clientIp) {
        await Promise.all([
          accountFromIp.delete(`${email}|${clientNetwork(clientIp)}`),
          account.delete(email),
        ]);
      },
    },
    registration: {
      begin: (clientIp) =>
        consume(
          registrationIp,
          clientNetwork(clientIp),
          (seconds) => new RegistrationThrottledError(seconds),
        ),
    },
  };
}

let shared: IdentityThrottles | undefined;

/** The shared throttles: counters in DynamoDB so every Lambda container sees the same counts. */
export function dynamoThrottles(): IdentityThrottles {
  if (!shared) {
    const { AWS_REGION, DYNAMODB_ENDPOINT, RATE_LIMIT_TABLE } = platformConfig();
    // The shared connection and request timeouts: a hanging DynamoDB must not hold a login open.
    const client = new DynamoDB({ ...awsClientSettings(), region: AWS_REGION, endpoint: DYNAMODB_ENDPOINT });
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
