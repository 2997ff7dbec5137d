import { randomBytes } from 'node:crypto';
import type { AuthUser } from '#platform/auth/tokens';
import { insertLinkCode } from './adapters/links.repository.js';
import type { TelegramDeps } from './deps.js';

/** POST /me/telegram/link: a one-time code and the t.me deep link that sends `/start <code>`. */
export async function createTelegramLink(
  { db, now = () => new Date() }: TelegramDeps,
  user: AuthUser,
  options: { botUsername: string; minutes: number },
) {
  // 24 random bytes in base64url = 32 chars of [A-Za-z0-9_-], what a /start payload allows (≤ 64).
  const code = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now().getTime() + options.minutes * 60_000);
  await insertLinkCode(db, user.id, code, expiresAt);
  return {
    code,
    url: `https://t.me/${options.botUsername}?start=${code}`,
    expiresAt: expiresAt.toISOString(),
  };
}
