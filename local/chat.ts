/**
 * `npm run chat`: a terminal chat with the bot through the local fake Bot API that `npm start` runs.
 * Type commands as in Telegram (/help, /start <code>, /book, ...); the bot's replies print with their
 * buttons numbered — type a button's number to press it. Flags: --chat-id N (default 1001), --data-dir DIR.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { CHANNELS_FILE } from './channels.js';
import { dataDirFrom } from './config.js';

interface Event {
  seq: number;
  kind: 'message' | 'edit' | 'callback_answer';
  messageId?: number;
  text?: string;
  buttons?: { text: string; callback_data?: string }[][];
}

const { values } = parseArgs({
  options: { 'chat-id': { type: 'string' }, 'data-dir': { type: 'string' } },
});
const chatId = Number(values['chat-id'] ?? 1001);
const channels = JSON.parse(
  await fs.readFile(path.join(dataDirFrom(values['data-dir']), CHANNELS_FILE), 'utf8').catch(() => '{}'),
) as { telegramFakeUrl?: string | null };
if (!channels.telegramFakeUrl) {
  console.error(
    'No local fake Bot API: start the stack with `npm start` (without TELEGRAM_BOT_TOKEN) first.',
  );
  process.exit(1);
}
const fake = channels.telegramFakeUrl;
let seen = 0;
const buttons: { messageId: number; data: string }[] = [];

async function call(pathname: string, body?: unknown) {
  const response = await fetch(`${fake}${pathname}`, {
    method: body ? 'POST' : 'GET',
    headers: { 'content-type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  return (await response.json()) as { ok: boolean; result: unknown; description?: string };
}

/** The bot speaks Telegram HTML: show it as Telegram would, without tags and entities. */
const plain = (html: string) =>
  html
    .replace(/<\/?(b|i|u|s|code|pre)>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

function show(event: Event) {
  const label =
    event.kind === 'edit' ? 'bot (edited)' : event.kind === 'callback_answer' ? 'bot (toast)' : 'bot';
  if (event.kind === 'callback_answer' && !event.text) return;
  console.log(`\n${label}: ${plain(event.text ?? '')}`);
  for (const row of event.buttons ?? []) {
    const cells = row.map((button) => {
      buttons.push({ messageId: event.messageId as number, data: button.callback_data ?? '' });
      return `[${buttons.length}] ${button.text}`;
    });
    console.log(`  ${cells.join('   ')}`);
  }
}

async function poll() {
  const answer = await call(`/fake/chats/${chatId}/messages?after=${seen}`);
  for (const event of answer.result as Event[]) {
    seen = Math.max(seen, event.seq);
    show(event);
  }
}

// Everything said in this chat before (e.g. reminders that arrived while the tool was closed).
await poll();
console.log(`Chat ${chatId} with the local bot. Type /help; a number presses that button; Ctrl-D quits.`);
const timer = setInterval(() => void poll().catch(() => undefined), 500);
const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
for await (const line of rl) {
  const text = line.trim();
  if (!text) continue;
  const pressed = /^\d+$/.test(text) ? buttons[Number(text) - 1] : undefined;
  const result = pressed
    ? await call('/fake/send', { chatId, messageId: pressed.messageId, callbackData: pressed.data })
    : await call('/fake/send', { chatId, text });
  const status = (result.result as { webhookStatus?: number } | undefined)?.webhookStatus;
  if (!result.ok || (status && status !== 200))
    console.log(`(webhook answered ${status ?? result.description})`);
  await poll();
}
clearInterval(timer);
