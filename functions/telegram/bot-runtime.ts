import { dynamoDocuments } from '#platform/aws/clients';
import { platformConfig } from '#platform/config';
import { type Invoker, invoker, lambdaTransport } from '#platform/contracts/invoke';
import { CancelUserBooking, CreateHold, ListUserBookings, SearchOffers } from '../booking/contract.js';
import { ListPeriodForUser } from '../calendar/contract.js';
import { SetUserTimeZone } from '../identity/contract.js';
import { ListMeetingOccurrences, RespondToMeetingForUser } from '../meetings/contract.js';
import { dynamoConversations, dynamoUpdateLedger } from './adapters/updates.store.js';
import { buildBot } from './bot/build-bot.js';
import type { BotDeps, BotServices, WebhookDeps } from './deps.js';
import { botIdentity, telegramDeps, webhookSecret } from './runtime.js';

// The bot's composition root (the webhook function only): telegraf, the conversation store, the update
// ledger and the other contexts through their published contracts.

/** The other contexts, each through its published contract (a synchronous Lambda invoke). */
export function contractServices(invoke: Invoker = invoker(lambdaTransport)): BotServices {
  return {
    calendar: {
      agenda: async (userId, kind) => {
        const period = await invoke(ListPeriodForUser, { userId, kind });
        return {
          timeZone: period.timeZone,
          items: period.items.map(({ kind, title, startsAt, endsAt }) => ({ kind, title, startsAt, endsAt })),
        };
      },
    },
    identity: {
      setTimeZone: async (userId, timeZone) => {
        await invoke(SetUserTimeZone, { userId, timeZone });
      },
    },
    meetings: {
      upcoming: async (userId) => {
        const from = new Date();
        const to = new Date(from.getTime() + 14 * 86_400_000);
        const { occurrences } = await invoke(ListMeetingOccurrences, {
          userId,
          from: from.toISOString(),
          to: to.toISOString(),
        });
        return occurrences.map((occurrence) => ({
          meetingId: occurrence.meetingId,
          title: occurrence.title,
          groupName: occurrence.group.name,
          start: occurrence.start,
          rsvpStatus: occurrence.rsvpStatus,
        }));
      },
      rsvp: async (userId, meetingId, occurrence, status) => {
        await invoke(RespondToMeetingForUser, { userId, meetingId, status, occurrence });
      },
    },
    booking: {
      search: async (query) => (await invoke(SearchOffers, { ...query, limit: 5 })).offers,
      hold: (userId, offer, stay, idempotencyKey) =>
        invoke(CreateHold, {
          userId,
          hotelId: offer.hotelId,
          roomTypeId: offer.roomTypeId,
          ...stay,
          idempotencyKey,
        }),
      list: async (userId) => (await invoke(ListUserBookings, { userId, limit: 10 })).bookings,
      cancel: async (userId, bookingId) => (await invoke(CancelUserBooking, { userId, bookingId })).booking,
    },
  };
}

export async function botDeps(services: BotServices = contractServices()): Promise<BotDeps> {
  return {
    ...(await telegramDeps()),
    services,
    conversations: dynamoConversations(dynamoDocuments(), platformConfig().CACHE_TABLE),
    bot: await botIdentity(),
    publicBaseUrl: platformConfig().PUBLIC_BASE_URL ?? 'http://localhost:3000',
  };
}

let bot: Promise<ReturnType<typeof buildBot>> | undefined;

export async function webhookDeps(): Promise<WebhookDeps> {
  // Both secrets once per container (resolveSecret caches the SSM reads; the bot keeps its token).
  const secret = await webhookSecret();
  bot ??= botDeps().then(buildBot, (error: unknown) => {
    bot = undefined;
    throw error;
  });
  const current = await bot;
  return {
    secret,
    ledger: dynamoUpdateLedger(dynamoDocuments(), platformConfig().IDEMPOTENCY_TABLE),
    handleUpdate: (update) => current.handleUpdate(update as Parameters<typeof current.handleUpdate>[0]),
  };
}
