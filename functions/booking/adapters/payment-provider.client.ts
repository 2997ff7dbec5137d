import {
  ConsecutiveBreaker,
  circuitBreaker,
  ExponentialBackoff,
  handleWhen,
  retry,
  TimeoutStrategy,
  timeout,
  wrap,
} from 'cockatiel';
import { z } from 'zod';

/** The port the booking flow uses to ask the external payment system for a payment. */
export interface PaymentProvider {
  requestPayment(request: {
    bookingId: string;
    amount: number;
    currency: string;
    callbackUrl: string;
    idempotencyKey: string;
  }): Promise<{ paymentId: string; status: string }>;
}

export class PaymentProviderError extends Error {
  override name = 'PaymentProviderError';
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

const PaymentCreated = z.object({ paymentId: z.string().min(1), status: z.string() });

// Retry transient failures (network, timeouts, 5xx, 429) with jittered backoff; stop calling a provider
// that keeps failing (circuit breaker) so a booking request fails fast instead of piling up timeouts.
const retryable = handleWhen((error) => !(error instanceof PaymentProviderError) || error.retryable);
const breaker = circuitBreaker(retryable, { halfOpenAfter: 10_000, breaker: new ConsecutiveBreaker(5) });

export function httpPaymentProvider(options: {
  baseUrl: string;
  /** The merchant's secret API key (PAYMENT_PROVIDER_API_KEY), sent as a bearer token. */
  apiKey: string;
  timeoutMs: number;
  maxAttempts?: number;
}): PaymentProvider {
  const policy = wrap(
    retry(retryable, {
      maxAttempts: options.maxAttempts ?? 2,
      backoff: new ExponentialBackoff({ initialDelay: 100, maxDelay: 1_000 }),
    }),
    breaker,
    timeout(options.timeoutMs, TimeoutStrategy.Aggressive),
  );
  return {
    requestPayment: (request) =>
      policy.execute(async ({ signal }) => {
        const { idempotencyKey, ...body } = request;
        const response = await fetch(`${options.baseUrl}/payments`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'idempotency-key': idempotencyKey,
            authorization: `Bearer ${options.apiKey}`,
          },
          body: JSON.stringify(body),
          signal,
        });
        if (!response.ok) {
          throw new PaymentProviderError(
            `payment provider answered ${response.status}`,
            response.status >= 500 || response.status === 429,
          );
        }
        return PaymentCreated.parse(await response.json());
      }),
  };
}
