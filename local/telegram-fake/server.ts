import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small in-process fake of the Telegram Bot API: the methods syncore uses (sendMessage,
 * editMessageText, answerCallbackQuery, setWebhook, deleteWebhook, getWebhookInfo, getUpdates, getMe),
 * any token. The "user side" lives under /fake: read what the bot sent to a chat, send a message or
 * press a button (posted to the webhook exactly as Telegram does, with the secret token), and fault
 * knobs: 429 with retry_after, down (502), blocked chats (403).
 */
export interface FakeEvent {
  seq: number;
  kind: 'message' | 'edit' | 'callback_answer';
  chatId: string;
  messageId?: number;
  text?: string;
  buttons?: { text: string; callback_data?: string }[][];
  at: number;
  /** The W3C traceparent the bot's request carried (tracing on), to check a trace reaches Telegram. */
  traceparent?: string;
}

export interface Knobs {
  /** Answer the next N sendMessage calls with 429 and this retry_after. */
  rateLimit?: { count: number; retryAfter: number };
  /** Every method answers 502 (the API is down). */
  down?: boolean;
  /** Chats whose user blocked the bot: sendMessage answers 403. */
  blocked?: string[];
}

export interface FakeTelegram {
  url: string;
  port: number;
  events: FakeEvent[];
  knobs: Knobs;
  /** How many sendMessage calls were accepted. */
  accepted: () => number;
  webhook: () => { url: string; secretToken?: string } | null;
  messagesTo(chatId: string | number, afterSeq?: number): FakeEvent[];
  /** The user types `text` in their private chat; returns the webhook's HTTP status. */
  userSends(chatId: number, text: string, from?: { username?: string; chatType?: string }): Promise<number>;
  /** The user presses an inline button of a bot message. */
  userPresses(chatId: number, messageId: number, callbackData: string): Promise<number>;
  /** Posts a raw update (e.g. a repeated update_id) to the webhook. */
  deliver(update: Record<string, unknown>, secretToken?: string): Promise<number>;
  stop(): Promise<void>;
}

type Json = Record<string, unknown>;

export async function startFakeTelegram(
  options: { port?: number; host?: string } = {},
): Promise<FakeTelegram> {
  const events: FakeEvent[] = [];
  const knobs: Knobs = {};
  const messages = new Map<string, { chatId: string; text: string; buttons?: FakeEvent['buttons'] }>();
  let seq = 0;
  let nextMessageId = 1;
  // Increasing across restarts and distinct per instance: the webhook remembers update ids it processed.
  let nextUpdateId = Date.now() * 100 + Math.floor(Math.random() * 100);
  let accepted = 0;
  let webhook: { url: string; secretToken?: string } | null = null;

  const reply = (res: http.ServerResponse, status: number, body: Json) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const fail = (res: http.ServerResponse, status: number, description: string, parameters?: Json) =>
    reply(res, status, { ok: false, error_code: status, description, ...(parameters ? { parameters } : {}) });

  const recordEvent = (event: Omit<FakeEvent, 'seq' | 'at'>) => {
    seq += 1;
    events.push({ ...event, seq, at: Date.now() });
  };

  const botMethod = (method: string, params: Json, res: http.ServerResponse, traceparent?: string) => {
    const record = (event: Omit<FakeEvent, 'seq' | 'at'>) =>
      recordEvent({ ...event, ...(traceparent ? { traceparent } : {}) });
    if (knobs.down) return fail(res, 502, 'Bad Gateway');
    const chatId = String(params.chat_id ?? '');
    const markup = params.reply_markup as { inline_keyboard?: FakeEvent['buttons'] } | string | undefined;
    const buttons = (typeof markup === 'string' ? JSON.parse(markup) : markup)?.inline_keyboard;
    // What Telegram keeps and returns as the message's text: the visible text, without the markup.
    const visible = typeof params.text === 'string' ? visibleText(params.text, params.parse_mode) : '';
    switch (method) {
      case 'getMe':
        return reply(res, 200, {
          ok: true,
          result: { id: 1, is_bot: true, first_name: 'syncore', username: 'syncore_bot' },
        });
      case 'sendMessage': {
        if (knobs.rateLimit && knobs.rateLimit.count > 0) {
          knobs.rateLimit.count -= 1;
          return fail(res, 429, `Too Many Requests: retry after ${knobs.rateLimit.retryAfter}`, {
            retry_after: knobs.rateLimit.retryAfter,
          });
        }
        if (knobs.blocked?.includes(chatId)) return fail(res, 403, 'Forbidden: bot was blocked by the user');
        if (!chatId || typeof params.text !== 'string' || params.text.length === 0) {
          return fail(res, 400, 'Bad Request: message text is empty');
        }
        if (visible.length > 4096) return fail(res, 400, 'Bad Request: message is too long');
        const messageId = nextMessageId++;
        messages.set(`${chatId}:${messageId}`, { chatId, text: visible, buttons });
        record({ kind: 'message', chatId, messageId, text: params.text, buttons });
        accepted += 1;
        return reply(res, 200, {
          ok: true,
          result: {
            message_id: messageId,
            date: Math.floor(Date.now() / 1000),
            chat: { id: Number(chatId), type: 'private' },
            text: visible,
          },
        });
      }
      case 'editMessageText': {
        const key = `${chatId}:${params.message_id}`;
        const existing = messages.get(key);
        if (!existing) return fail(res, 400, 'Bad Request: message to edit not found');
        messages.set(key, { chatId, text: visible, buttons });
        record({
          kind: 'edit',
          chatId,
          messageId: Number(params.message_id),
          text: String(params.text),
          buttons,
        });
        return reply(res, 200, {
          ok: true,
          result: {
            message_id: Number(params.message_id),
            chat: { id: Number(chatId), type: 'private' },
            text: visible,
          },
        });
      }
      case 'answerCallbackQuery': {
        const [chat] = String(params.callback_query_id).split(':');
        record({
          kind: 'callback_answer',
          chatId: chat ?? '',
          text: params.text ? String(params.text) : undefined,
        });
        return reply(res, 200, { ok: true, result: true });
      }
      case 'setWebhook':
        webhook = {
          url: String(params.url),
          secretToken: params.secret_token ? String(params.secret_token) : undefined,
        };
        return reply(res, 200, { ok: true, result: true, description: 'Webhook was set' });
      case 'deleteWebhook':
        webhook = null;
        return reply(res, 200, { ok: true, result: true });
      case 'getWebhookInfo':
        return reply(res, 200, { ok: true, result: { url: webhook?.url ?? '', pending_update_count: 0 } });
      case 'getUpdates':
        // Webhook mode: updates go to the webhook, as on Telegram (getUpdates conflicts with a webhook).
        return reply(res, 200, { ok: true, result: [] });
      default:
        return fail(res, 404, `Not Found: method ${method}`);
    }
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const raw = Buffer.concat(chunks).toString('utf8');
      let params: Json = Object.fromEntries(url.searchParams);
      if (raw) {
        try {
          params = { ...params, ...(JSON.parse(raw) as Json) };
        } catch {
          params = { ...params, ...Object.fromEntries(new URLSearchParams(raw)) };
        }
      }
      const bot = /^\/bot([^/]+)\/(\w+)$/.exec(url.pathname);
      if (bot) return botMethod(bot[2] as string, params, res, req.headers.traceparent?.toString());
      const chat = /^\/fake\/chats\/(-?\d+)\/messages$/.exec(url.pathname);
      if (chat && req.method === 'GET') {
        return reply(res, 200, {
          ok: true,
          result: fake.messagesTo(chat[1] as string, Number(url.searchParams.get('after') ?? 0)),
        });
      }
      if (url.pathname === '/fake/stats') return reply(res, 200, { ok: true, result: { accepted } });
      if (url.pathname === '/fake/knobs' && req.method === 'POST') {
        Object.assign(knobs, params);
        return reply(res, 200, { ok: true, result: knobs });
      }
      if (url.pathname === '/fake/send' && req.method === 'POST') {
        const run = params.callbackData
          ? fake.userPresses(Number(params.chatId), Number(params.messageId), String(params.callbackData))
          : fake.userSends(Number(params.chatId), String(params.text ?? ''));
        run.then(
          (status) => reply(res, 200, { ok: true, result: { webhookStatus: status } }),
          (error: Error) => reply(res, 200, { ok: false, description: error.message }),
        );
        return;
      }
      return fail(res, 404, 'Not Found');
    });
  });
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  const port = (server.address() as AddressInfo).port;

  const user = (chatId: number, username?: string) => ({
    id: chatId,
    is_bot: false,
    first_name: 'Test',
    username,
  });

  const fake: FakeTelegram = {
    url: `http://127.0.0.1:${port}`,
    port,
    events,
    knobs,
    accepted: () => accepted,
    webhook: () => webhook,
    messagesTo: (chatId, afterSeq = 0) =>
      events.filter((event) => event.chatId === String(chatId) && event.seq > afterSeq),
    async deliver(update, secretToken = webhook?.secretToken) {
      if (!webhook) throw new Error('no webhook set: call setWebhook first (npm run telegram:webhook)');
      const response = await fetch(webhook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(secretToken ? { 'x-telegram-bot-api-secret-token': secretToken } : {}),
        },
        body: JSON.stringify(update),
      });
      await response.text();
      return response.status;
    },
    userSends(chatId, text, from = {}) {
      const entities = text.startsWith('/')
        ? [{ type: 'bot_command', offset: 0, length: text.split(/\s/)[0]?.length ?? 1 }]
        : undefined;
      return fake.deliver({
        update_id: nextUpdateId++,
        message: {
          message_id: nextMessageId++,
          date: Math.floor(Date.now() / 1000),
          chat: { id: chatId, type: from.chatType ?? 'private' },
          from: user(chatId, from.username),
          text,
          ...(entities ? { entities } : {}),
        },
      });
    },
    userPresses(chatId, messageId, callbackData) {
      const message = messages.get(`${chatId}:${messageId}`);
      return fake.deliver({
        update_id: nextUpdateId++,
        callback_query: {
          id: `${chatId}:${nextUpdateId}`,
          from: user(chatId),
          chat_instance: String(chatId),
          data: callbackData,
          message: {
            message_id: messageId,
            date: Math.floor(Date.now() / 1000),
            chat: { id: chatId, type: 'private' },
            text: message?.text ?? '',
          },
        },
      });
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return fake;
}

const HTML_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

/**
 * The text Telegram stores for a message sent with `parse_mode`: with HTML, the tags are formatting
 * (entities), not text, and the four named entities and numeric ones stand for their characters. The
 * events this fake records keep what the bot sent, markup included.
 */
export function visibleText(text: string, parseMode: unknown): string {
  if (parseMode !== 'HTML') return text;
  return text
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#[0-9]+|lt|gt|amp|quot);/gi, (_, name: string) =>
      name.startsWith('#')
        ? String.fromCodePoint(
            Number.parseInt(
              name.slice(name[1]?.toLowerCase() === 'x' ? 2 : 1),
              name[1]?.toLowerCase() === 'x' ? 16 : 10,
            ),
          )
        : (HTML_ENTITIES[name.toLowerCase()] ?? `&${name};`),
    );
}
