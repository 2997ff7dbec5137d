import type { Admission } from '#platform/resilience/breaker-state';
import type { Delivery } from './adapters/deliveries.repository.js';
import { findPreferencesOf } from './adapters/preferences.repository.js';
import type { DeliveryDeps, RecipientProfile } from './deps.js';
import { isQuietHoursExempt, type Preferences } from './domain/delivery-policy.js';
import type { DeliveryJob } from './schemas.js';

/** Statuses a delivery never leaves. */
export const FINAL_STATUSES = new Set(['sent', 'failed', 'skipped']);

/**
 * What a batch of deliveries looks up once and shares: its recipients' chats (one findTelegramChats
 * contract call), their preferences (one query), a profile per recipient (only where an e-mail address or
 * quiet hours need one), and one breaker admission per channel while the breaker is closed.
 */
export interface Lookups {
  telegramChat(userId: string): Promise<string | null>;
  preferences(userId: string): Promise<Preferences | null>;
  profile(userId: string): Promise<RecipientProfile | null>;
  admit(channel: DeliveryJob['channel']): Promise<Admission>;
}

export function batchLookups(deps: DeliveryDeps, deliveries: Delivery[]): Lookups {
  const pending = deliveries.filter((delivery) => !FINAL_STATUSES.has(delivery.status));
  const once = <T>(load: () => Promise<T>) => {
    let loaded: Promise<T> | undefined;
    return () => {
      loaded ??= load();
      return loaded;
    };
  };
  const chats = once(() =>
    deps.recipients.telegramChats(
      pending.filter((delivery) => delivery.channel === 'telegram').map((delivery) => delivery.recipient_id),
    ),
  );
  const preferences = once(() =>
    findPreferencesOf(
      deps.db,
      pending
        .filter((delivery) => !isQuietHoursExempt(delivery.type))
        .map((delivery) => delivery.recipient_id),
    ),
  );
  const profiles = new Map<string, Promise<RecipientProfile | null>>();
  const admissions = new Map<string, Promise<Admission>>();
  return {
    telegramChat: async (userId) => (await chats()).get(userId) ?? null,
    preferences: async (userId) => (await preferences()).get(userId) ?? null,
    profile: (userId) => {
      let profile = profiles.get(userId);
      if (!profile) {
        profile = deps.recipients.profile(userId);
        profiles.set(userId, profile);
      }
      return profile;
    },
    async admit(channel) {
      const first = admissions.get(channel);
      if (!first) {
        // The batch's first job of this channel asks the breaker; the others wait for its answer.
        const admission = deps.breaker(channel).admit();
        admissions.set(channel, admission);
        return admission;
      }
      const shared = await first.catch(() => undefined);
      // Closed (or open): every job of the batch would read the same record now. Only a half-open
      // breaker's probe is one caller's alone; the others ask the store themselves and are refused.
      if (shared && !(shared.allowed && shared.probe)) return shared;
      return deps.breaker(channel).admit();
    },
  };
}
