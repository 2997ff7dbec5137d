import type { AuthUser } from '#platform/auth/tokens';
import { deleteLink } from './adapters/links.repository.js';
import type { TelegramDeps } from './deps.js';
import { TelegramNotLinkedError } from './domain/errors.js';

/** DELETE /me/telegram: the chat gets nothing from this account any more. */
export async function deleteTelegramLink({ db }: TelegramDeps, user: AuthUser): Promise<void> {
  if (!(await deleteLink(db, { userId: user.id }))) throw new TelegramNotLinkedError();
}
