import { type FakeSsm, fakeSsm } from '../../tests/support/fake-ssm.js';
import { telegramToken } from './runtime.js';

// On AWS the deliverer is configured with the parameter's name only (serverless.yml params): it reads
// the bot token from SSM, decrypted, once per container (a fake SSM endpoint answers here).
describe('the deliverer’s Telegram bot token', () => {
  let ssm: FakeSsm;
  const saved = { ...process.env };

  beforeAll(async () => {
    ssm = await fakeSsm({ '/syncore/prod/telegram-bot-token': '123456:AAE-real-looking-token' });
  });
  afterEach(() => {
    process.env = { ...saved, AWS_ENDPOINT_URL_SSM: process.env.AWS_ENDPOINT_URL_SSM };
  });
  afterAll(async () => {
    process.env = saved;
    await ssm.close();
  });

  it('comes from its SecureString when only the parameter is configured, read once', async () => {
    process.env.TELEGRAM_BOT_TOKEN = '';
    process.env.TELEGRAM_BOT_TOKEN_PARAMETER = '/syncore/prod/telegram-bot-token';
    expect(await telegramToken()).toBe('123456:AAE-real-looking-token');
    expect(await telegramToken()).toBe('123456:AAE-real-looking-token');
    expect(ssm.requested).toEqual([{ name: '/syncore/prod/telegram-bot-token', decrypt: true }]);
  });
});
