import type { AuthUser } from '#platform/auth/tokens';
import { findPreferences } from './adapters/preferences.repository.js';
import type { NotificationsDeps } from './deps.js';

/** GET /me/notification-preferences: nothing chosen yet = every channel, no quiet hours. */
export async function getNotificationPreferences({ db }: NotificationsDeps, user: AuthUser) {
  return (await findPreferences(db, user.id)) ?? { channels: {}, quietHours: null };
}
