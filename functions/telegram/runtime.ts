import { resolveSecret } from '#platform/aws/secrets';
import { getDb } from '#platform/db/index';
import { telegramConfig } from './config.js';
import type { TelegramDeps } from './deps.js';

// The composition root: wires the use cases to the real adapters and configuration, once per
// container. Handlers take their dependencies from here; tests pass their own. The bot's own wiring
// (telegraf and the other contexts' contracts) is in bot-runtime.ts, so the linking functions do not
// bundle telegraf.

export async function telegramDeps(): Promise<TelegramDeps> {
  return { db: await getDb(), now: () => new Date() };
}

/** Placeholder token when none is configured (the local fake Bot API accepts any). */
const NO_TOKEN = '0:local-fake';

/** TELEGRAM_BOT_TOKEN from the environment, or from SSM (TELEGRAM_BOT_TOKEN_PARAMETER) on AWS. */
export async function botToken(): Promise<string> {
  const config = telegramConfig();
  if (!config.TELEGRAM_BOT_TOKEN && !config.TELEGRAM_BOT_TOKEN_PARAMETER) return NO_TOKEN;
  return resolveSecret(
    'TELEGRAM_BOT_TOKEN',
    { value: config.TELEGRAM_BOT_TOKEN, parameter: config.TELEGRAM_BOT_TOKEN_PARAMETER },
    3,
  );
}

/** TELEGRAM_WEBHOOK_SECRET from the environment, or from SSM (TELEGRAM_WEBHOOK_SECRET_PARAMETER) on AWS. */
export function webhookSecret(): Promise<string> {
  const config = telegramConfig();
  return resolveSecret(
    'TELEGRAM_WEBHOOK_SECRET',
    { value: config.TELEGRAM_WEBHOOK_SECRET, parameter: config.TELEGRAM_WEBHOOK_SECRET_PARAMETER },
    16,
  );
}

export async function botIdentity() {
  const config = telegramConfig();
  const token = await botToken();
  return {
    token,
    apiRoot: config.TELEGRAM_API_ROOT,
    username: config.TELEGRAM_BOT_USERNAME,
    id: config.TELEGRAM_BOT_ID ?? (Number(token.split(':')[0]) || 0),
  };
}

export function linkOptions() {
  const config = telegramConfig();
  return { botUsername: config.TELEGRAM_BOT_USERNAME, minutes: config.TELEGRAM_LINK_MINUTES };
}
