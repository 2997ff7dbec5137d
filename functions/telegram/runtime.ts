import { dynamoDocuments } from '#platform/aws/clients';
import { resolveSecret } from '#platform/aws/secrets';
import { platformConfig } from '#platform/config';
import { type Invoker, invoker, lambdaTransport } from '#platform/contracts/invoke';
import { getDb } from '#platform/db/index';
import { CancelUserBooking, CreateHold, ListUserBookings, SearchOffers } from '../booking/contract.js';
import { ListPeriodForUser } from '../calendar/contract.js';
import { SetUserTimeZone } from '../identity/contract.js';
import { ListMeetingOccurrences, RespondToMeetingForUser } from '../meetings/contract.js';
import { dynamoConversations, dynamoUpdateLedger } from './adapters/updates.store.js';
import { buildBot } from './bot/build-bot.js';
import { telegramConfig } from './config.js';
import type { BotDeps, BotServices, TelegramDeps, WebhookDeps } from './deps.js';

// The composition root: wires the use cases to the real adapters and configuration, once per
// container. Handlers take their dependencies from here; tests pass their own.

export async function telegramDeps(): Promise<TelegramDeps> {
  return { db: await getDb(), now: () => new Date() };
}

/** The other contexts, each through its published contract (a synchronous Lambda invoke). */
export function contractServices(invoke: Invoker = invoker(lambdaTransport)): BotServices {
  return {
    calendar: {
      agenda: async (userId, kind) => {
        const period = await invoke(ListPeriodForUser, { userId, kind });
        return {
          timeZone: period.timeZone,
          items: period.items.map((item) => ({ kind: 'event' as const, ...item })),
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

export function linkOptions() {
  const config = telegramConfig();
  return { botUsername: config.TELEGRAM_BOT_USERNAME, minutes: config.TELEGRAM_LINK_MINUTES };
}
