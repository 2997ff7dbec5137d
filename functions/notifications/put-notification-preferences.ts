import type { AuthUser } from '#platform/auth/tokens';
import { savePreferences } from './adapters/preferences.repository.js';
import type { NotificationsDeps } from './deps.js';
import type { PreferencesBody } from './schemas.js';

/** PUT /me/notification-preferences: replaces the caller's choice as a whole. */
export async function putNotificationPreferences(
  { db }: NotificationsDeps,
  user: AuthUser,
  preferences: PreferencesBody,
) {
  await savePreferences(db, user.id, preferences);
  return preferences;
}
