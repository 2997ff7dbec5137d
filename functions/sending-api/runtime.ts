import { setTimeout as sleep } from 'node:timers/promises';
import { getDb } from '#platform/db/index';
import { sendingApiConfig } from './config.js';
import { SendingApiUnauthorizedError } from './domain/errors.js';
import { bearerMatches } from './domain/token.js';
import type { SendingApiDeps } from './sending.js';

export async function sendingApiDeps(): Promise<SendingApiDeps> {
  return {
    db: await getDb(),
    now: () => new Date(),
    random: Math.random,
    sleep: async (ms) => {
      await sleep(ms);
    },
  };
}

/** Every simulator route, admin ones included, takes the same bearer token as the real service would. */
export function requireToken(headers: Record<string, string | undefined>): void {
  if (!bearerMatches(headers.authorization, sendingApiConfig().SENDING_API_TOKEN)) {
    throw new SendingApiUnauthorizedError();
  }
}
