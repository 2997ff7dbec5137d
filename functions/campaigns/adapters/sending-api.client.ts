import { TaskCancelledError, TimeoutStrategy, timeout } from 'cockatiel';
import type { SendMessageRequest } from '../../sending-api/contract.js';
import { type CallOutcome, classifyResponse } from '../domain/delivery.js';

/** The port the sender uses: one call, one outcome; it never throws for what the service answers. */
export interface SendingApi {
  send(message: SendMessageRequest): Promise<CallOutcome>;
}

/**
 * The sending API over HTTP with a hard timeout (cockatiel, aggressive: the call is abandoned and its
 * request aborted). No retries here: the sender schedules them through the queue, with backoff.
 */
export function httpSendingApi(options: { baseUrl: string; token: string; timeoutMs: number }): SendingApi {
  const policy = timeout(options.timeoutMs, TimeoutStrategy.Aggressive);
  return {
    async send(message) {
      try {
        return await policy.execute(async ({ signal }) => {
          const response = await fetch(`${options.baseUrl}/send/${encodeURIComponent(message.id)}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
            body: JSON.stringify(message),
            signal,
          });
          await response.arrayBuffer().catch(() => undefined);
          return classifyResponse(response.status, response.headers.get('retry-after'));
        });
      } catch (error) {
        const timedOut = error instanceof TaskCancelledError;
        return {
          kind: 'retryable',
          error: timedOut ? `timeout after ${options.timeoutMs} ms` : `network: ${(error as Error).message}`,
          countsAgainstService: true,
        };
      }
    },
  };
}
