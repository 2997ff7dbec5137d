import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { botIdentity, webhookSecret } from './runtime.js';

// On AWS only the parameter names are configured (serverless.yml params): the webhook function reads the
// bot token and the webhook secret from SSM. A fake SSM endpoint (AWS_ENDPOINT_URL_SSM) answers
// GetParameter here, as the real one does, and counts the calls (cached per container).
describe('Telegram secrets from SSM (the AWS configuration)', () => {
  const parameters: Record<string, string> = {
    '/syncore/prod/telegram-bot-token': '123456:AAE-real-looking-token',
    '/syncore/prod/telegram-webhook-secret': 'w'.repeat(32),
  };
  const requested: Array<{ name: string; decrypt: boolean }> = [];
  let server: http.Server;
  const saved = { ...process.env };

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        const { Name, WithDecryption } = JSON.parse(body) as { Name: string; WithDecryption: boolean };
        requested.push({ name: Name, decrypt: WithDecryption });
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(
          JSON.stringify({ Parameter: { Name, Type: 'SecureString', Value: parameters[Name], Version: 1 } }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_SSM: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      TELEGRAM_BOT_TOKEN_PARAMETER: '/syncore/prod/telegram-bot-token',
      TELEGRAM_WEBHOOK_SECRET_PARAMETER: '/syncore/prod/telegram-webhook-secret',
    });
    delete process.env.TELEGRAM_BOT_TOKEN;
    delete process.env.TELEGRAM_WEBHOOK_SECRET;
  });
  afterAll(async () => {
    process.env = saved;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('reads the token and the webhook secret from their SecureStrings, decrypted, once per container', async () => {
    expect(await webhookSecret()).toBe('w'.repeat(32));
    const bot = await botIdentity();
    expect(bot.token).toBe('123456:AAE-real-looking-token');
    expect(bot.id).toBe(123456);
    await webhookSecret();
    await botIdentity();
    expect(requested).toEqual([
      { name: '/syncore/prod/telegram-webhook-secret', decrypt: true },
      { name: '/syncore/prod/telegram-bot-token', decrypt: true },
    ]);
  });
});
