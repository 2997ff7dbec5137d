/** The Telegram bot against the fake Bot API: production bot code, real PostgreSQL and DynamoDB. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { dynamoDocuments } from '#platform/aws/clients';
import { platformConfig } from '#platform/config';
import { invoker } from '#platform/contracts/invoke';
import { getDb } from '#platform/db/index';
import { AppError } from '#platform/errors';
import { handler as cancelUserBooking } from '../../functions/booking/handlers/invoke/cancel-user-booking.js';
import { handler as createHold } from '../../functions/booking/handlers/invoke/create-hold.js';
import { handler as listUserBookings } from '../../functions/booking/handlers/invoke/list-user-bookings.js';
import { handler as searchOffers } from '../../functions/booking/handlers/invoke/search-offers.js';
import { handler as listPeriodForUser } from '../../functions/calendar/handlers/invoke/list-period-for-user.js';
import { handler as getUserContact } from '../../functions/identity/handlers/invoke/get-user-contact.js';
import { handler as lookupUsers } from '../../functions/identity/handlers/invoke/lookup-users.js';
import { handler as setUserTimeZone } from '../../functions/identity/handlers/invoke/set-user-time-zone.js';
import { handler as listMeetingOccurrences } from '../../functions/meetings/handlers/invoke/list-meeting-occurrences.js';
import { handler as respondToMeetingForUser } from '../../functions/meetings/handlers/invoke/respond-to-meeting-for-user.js';
import { dynamoConversations, dynamoUpdateLedger } from '../../functions/telegram/adapters/updates.store.js';
import { buildBot } from '../../functions/telegram/bot/build-bot.js';
import { contractServices } from '../../functions/telegram/bot-runtime.js';
import { createTelegramLink } from '../../functions/telegram/create-telegram-link.js';
import type { BotServices } from '../../functions/telegram/deps.js';
import { handleTelegramWebhook } from '../../functions/telegram/handle-telegram-webhook.js';
import { handler as findTelegramChat } from '../../functions/telegram/handlers/invoke/find-telegram-chat.js';
import { handler as findTelegramChats } from '../../functions/telegram/handlers/invoke/find-telegram-chats.js';
import { handler as unlinkTelegramChat } from '../../functions/telegram/handlers/invoke/unlink-telegram-chat.js';
import { type FakeTelegram, startFakeTelegram } from '../../local/telegram-fake/server.js';
import { directTransport, fakeLambdaApi } from './contracts.js';

export const WEBHOOK_SECRET = 'test-webhook-secret-0123456789abcdef';
export const BOT_TOKEN = '4242:test-token';

/** Every contract handler the bot and the deliverer call, run in this process. */
export const contractInvoker = () =>
  invoker(
    directTransport({
      searchOffersContract: searchOffers,
      createHoldContract: createHold,
      listUserBookingsContract: listUserBookings,
      cancelUserBookingContract: cancelUserBooking,
      findTelegramChatContract: findTelegramChat,
      listPeriodForUserContract: listPeriodForUser,
      setUserTimeZoneContract: setUserTimeZone,
      getUserContactContract: getUserContact,
      listMeetingOccurrencesContract: listMeetingOccurrences,
      respondToMeetingForUserContract: respondToMeetingForUser,
      unlinkTelegramChatContract: unlinkTelegramChat,
      findTelegramChatsContract: findTelegramChats,
    }),
  );

export interface BotHarness {
  fake: FakeTelegram;
  webhookUrl: string;
  /** Every update the webhook received, in order (to redeliver one as Telegram does after a 503). */
  received: Record<string, unknown>[];
  stop(): Promise<void>;
}

const badRequest = (res: http.ServerResponse, description: string) => {
  res.writeHead(400, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ ok: false, error_code: 400, description: `Bad Request: ${description}` }));
};

/**
 * The bot's Bot API: the fake, behind a proxy that refuses what the real Bot API refuses and the fake
 * does not — answering a callback query a second time (400 "query is too old and response timeout
 * expired or query ID is invalid", as for an answer after the query's window, e.g. on a redelivery) and
 * an edit that changes nothing (400 "message is not modified").
 */
async function strictBotApi(fake: FakeTelegram) {
  const answered = new Set<string>();
  const shown = new Map<string, string>();
  const content = (params: Record<string, unknown>) => {
    const markup = params.reply_markup;
    return JSON.stringify([
      params.text,
      params.parse_mode ?? null,
      (typeof markup === 'string' ? JSON.parse(markup) : markup) ?? null,
    ]);
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const method = (req.url ?? '').split('?')[0]?.split('/').at(-1);
      let params: Record<string, unknown> = {};
      try {
        params = body ? (JSON.parse(body) as Record<string, unknown>) : {};
      } catch {
        // Not JSON (telegraf sends JSON; multipart uploads are not used): passed through as is.
      }
      if (method === 'answerCallbackQuery') {
        const id = String(params.callback_query_id);
        if (answered.has(id)) {
          return badRequest(res, 'query is too old and response timeout expired or query ID is invalid');
        }
      }
      const key = `${params.chat_id}:${params.message_id}`;
      if (method === 'editMessageText' && shown.get(key) === content(params)) {
        return badRequest(
          res,
          'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
        );
      }
      const upstream = await fetch(`${fake.url}${req.url}`, {
        method: req.method,
        headers: {
          'content-type': String(req.headers['content-type'] ?? 'application/json'),
          ...(req.headers.traceparent ? { traceparent: String(req.headers.traceparent) } : {}),
        },
        body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
      });
      const text = await upstream.text();
      if (upstream.ok) {
        if (method === 'answerCallbackQuery') answered.add(String(params.callback_query_id));
        if (method === 'editMessageText') shown.set(key, content(params));
        if (method === 'sendMessage') {
          const sent = (JSON.parse(text) as { result: { message_id: number } }).result;
          shown.set(`${params.chat_id}:${sent.message_id}`, content(params));
        }
      }
      res.writeHead(upstream.status, { 'content-type': 'application/json' });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The fake Bot API (behind strictBotApi), and a webhook server running the production use case and bot.
 */
export async function startBotHarness(overrides: Partial<BotServices> = {}): Promise<BotHarness> {
  // Holds ask the payment simulator for a payment (unreachable here: the hold stands, as in production).
  process.env.PAYMENT_SIMULATOR = 'true';
  // Booking's contract handlers ask identity who the user is (their role) through the Lambda API.
  // The calendar's views ask meetings for the meetings the user attends, through the same API.
  const lambda = await fakeLambdaApi({
    lookupUsersContract: lookupUsers,
    listMeetingOccurrencesContract: listMeetingOccurrences,
  });
  process.env.LAMBDA_ENDPOINT = lambda.endpoint;
  const fake = await startFakeTelegram();
  const api = await strictBotApi(fake);
  const db = await getDb();
  const bot = buildBot({
    db,
    services: { ...contractServices(contractInvoker()), ...overrides },
    conversations: dynamoConversations(dynamoDocuments(), platformConfig().CACHE_TABLE),
    bot: { token: BOT_TOKEN, apiRoot: api.url, username: 'syncore_test_bot', id: 4242 },
    publicBaseUrl: 'http://localhost:3000',
  });
  const ledger = dynamoUpdateLedger(dynamoDocuments(), platformConfig().IDEMPOTENCY_TABLE);
  const received: Record<string, unknown>[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const secretToken = req.headers['x-telegram-bot-api-secret-token'] as string | undefined;
      const rawBody = Buffer.concat(chunks).toString('utf8');
      try {
        received.push(JSON.parse(rawBody) as Record<string, unknown>);
      } catch {
        // A malformed body: the use case answers it.
      }
      handleTelegramWebhook(
        { secret: WEBHOOK_SECRET, ledger, handleUpdate: (update) => bot.handleUpdate(update as never) },
        { secretToken, rawBody },
      ).then(
        (body) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        },
        (error: unknown) => {
          res.writeHead(error instanceof AppError ? error.status : 500);
          res.end(String((error as Error).message));
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/telegram/webhook`;
  await fetch(`${fake.url}/bot${BOT_TOKEN}/setWebhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ url: webhookUrl, secret_token: WEBHOOK_SECRET }),
  });
  return {
    fake,
    webhookUrl,
    received,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await api.close();
      await fake.stop();
      await lambda.close();
    },
  };
}

/** A private chat: send text or press a button, get what the bot answered since. */
export function chat(fake: FakeTelegram, chatId: number) {
  let seen = fake.events.at(-1)?.seq ?? 0;
  const since = () => {
    const events = fake.messagesTo(chatId, seen);
    seen = fake.events.at(-1)?.seq ?? seen;
    return events;
  };
  return {
    async send(text: string) {
      seen = fake.events.at(-1)?.seq ?? 0;
      const status = await fake.userSends(chatId, text);
      return { status, events: since(), texts: () => fake.messagesTo(chatId, 0) };
    },
    async press(messageId: number, data: string) {
      seen = fake.events.at(-1)?.seq ?? 0;
      const status = await fake.userPresses(chatId, messageId, data);
      return { status, events: since() };
    },
  };
}

/** A private chat linked to the user as the app links one (a link code sent with /start). */
export async function linkedChat(fake: FakeTelegram, userId: string, chatId = newChatId()) {
  const { code } = await createTelegramLink(
    { db: await getDb() },
    { id: userId, role: 'client' },
    { botUsername: 'b', minutes: 10 },
  );
  const conversation = chat(fake, chatId);
  await conversation.send(`/start ${code}`);
  return conversation;
}

/** A fresh chat id per test (Telegram user ids are positive). */
export const newChatId = () => 10_000_000 + Math.floor(Math.random() * 1_000_000_000);
