import { type FakeSsm, fakeSsm } from '../../tests/support/fake-ssm.js';
import { botIdentity, webhookSecret } from './runtime.js';

// On AWS only the parameter names are configured (serverless.yml params): the webhook function reads the
// bot token and the webhook secret from SSM. A fake SSM endpoint (AWS_ENDPOINT_URL_SSM) answers
// GetParameter here, as the real one does, and counts the calls (cached per container).
describe('Telegram secrets from SSM (the AWS configuration)', () => {
  const parameters: Record<string, string> = {
    '/syncore/prod/telegram-bot-token': '123456:AAE-real-looking-token',
    '/syncore/prod/telegram-webhook-secret': 'w'.repeat(32),
  };
  let ssm: FakeSsm;
  const saved = { ...process.env };

  beforeAll(async () => {
    ssm = await fakeSsm(parameters);
    Object.assign(process.env, {
      TELEGRAM_BOT_TOKEN_PARAMETER: '/syncore/prod/telegram-bot-token',
      TELEGRAM_WEBHOOK_SECRET_PARAMETER: '/syncore/prod/telegram-webhook-secret',
    });
    delete process.env.TELEGRAM_BOT_TOKEN;
    delete process.env.TELEGRAM_WEBHOOK_SECRET;
  });
  afterAll(async () => {
    process.env = saved;
    await ssm.close();
  });

  it('reads the token and the webhook secret from their SecureStrings, decrypted, once per container', async () => {
    expect(await webhookSecret()).toBe('w'.repeat(32));
    const bot = await botIdentity();
    expect(bot.token).toBe('123456:AAE-real-looking-token');
    expect(bot.id).toBe(123456);
    await webhookSecret();
    await botIdentity();
    expect(ssm.requested).toEqual([
      { name: '/syncore/prod/telegram-webhook-secret', decrypt: true },
      { name: '/syncore/prod/telegram-bot-token', decrypt: true },
    ]);
  });
});
