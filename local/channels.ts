/**
 * The delivery channels' stand-ins for `npm start`: without TELEGRAM_BOT_TOKEN a fake Bot API runs
 * in-process (and TELEGRAM_API_ROOT points at it unless set explicitly); without SMTP_URL a catch-all
 * SMTP server stores every mail in <data dir>/mailbox.jsonl (`npm run mailbox` prints it).
 * `<data dir>/channels.json` tells `npm run chat` and `npm run mailbox` where they are.
 */
import fs from 'node:fs/promises';
import type { AddressInfo, Server } from 'node:net';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { info } from './log.js';
import { type FakeTelegram, startFakeTelegram } from './telegram-fake/server.js';

export const LOCAL_BOT_TOKEN = '4242:local-fake-token';
export const CHANNELS_FILE = 'channels.json';
export const MAILBOX_FILE = 'mailbox.jsonl';

export interface LocalChannels {
  env: Record<string, string>;
  /** After serverless-offline is up: point the fake's webhook at the local API. */
  connect(apiUrl: string, secret: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startLocalChannels(dataDir: string, env: NodeJS.ProcessEnv): Promise<LocalChannels> {
  const out: Record<string, string> = {};
  const stops: (() => Promise<void>)[] = [];
  let fake: FakeTelegram | undefined;
  if (!env.TELEGRAM_BOT_TOKEN) {
    fake = await startFakeTelegram({ port: Number(env.SYNCORE_TELEGRAM_FAKE_PORT) || 0 });
    stops.push(() => fake!.stop());
    out.TELEGRAM_BOT_TOKEN = LOCAL_BOT_TOKEN;
    out.TELEGRAM_BOT_USERNAME = env.TELEGRAM_BOT_USERNAME || 'syncore_local_bot';
    out.TELEGRAM_API_ROOT = env.TELEGRAM_API_ROOT || fake.url;
    info(`Telegram: fake Bot API on ${fake.url} (npm run chat)`);
  }
  let smtpUrl: string | undefined;
  if (!env.SMTP_URL) {
    const mailbox = path.join(dataDir, MAILBOX_FILE);
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const line = {
            at: new Date().toISOString(),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          };
          fs.appendFile(mailbox, `${JSON.stringify(line)}\n`).then(() => callback(), callback);
        });
      },
    });
    // A free port unless SYNCORE_SMTP_PORT says otherwise: several stacks may run side by side (e2e tests).
    const port = Number(env.SYNCORE_SMTP_PORT) || 0;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    const bound = (server as unknown as { server: Server }).server.address() as AddressInfo;
    stops.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    smtpUrl = `smtp://127.0.0.1:${bound.port}`;
    out.SMTP_URL = smtpUrl;
    info(`E-mail: catch-all SMTP on ${smtpUrl} (npm run mailbox)`);
  }
  await fs.writeFile(
    path.join(dataDir, CHANNELS_FILE),
    JSON.stringify(
      {
        telegramFakeUrl: fake?.url ?? null,
        botToken: out.TELEGRAM_BOT_TOKEN ?? null,
        smtpUrl: smtpUrl ?? null,
      },
      null,
      2,
    ),
  );
  return {
    env: out,
    async connect(apiUrl, secret) {
      if (!fake) return;
      await fetch(`${fake.url}/bot${LOCAL_BOT_TOKEN}/setWebhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          url: `${apiUrl}/telegram/webhook`,
          secret_token: secret,
          allowed_updates: ['message', 'callback_query'],
        }),
      });
    },
    async stop() {
      for (const stop of stops) await stop().catch(() => undefined);
    },
  };
}
