import { ConfigError } from '../config.js';
import { resolveSecret } from './secrets.js';

describe('resolveSecret', () => {
  it('takes the value from the environment when it is set', async () => {
    await expect(resolveSecret('WEBHOOK_SECRET', { value: 'x'.repeat(20) }, 16)).resolves.toBe(
      'x'.repeat(20),
    );
  });

  it('fails naming both variables when the secret is missing or too short', async () => {
    await expect(resolveSecret('WEBHOOK_SECRET', {}, 16)).rejects.toThrow(ConfigError);
    await expect(resolveSecret('WEBHOOK_SECRET', { value: 'short' }, 16)).rejects.toThrow(
      'WEBHOOK_SECRET (or WEBHOOK_SECRET_PARAMETER) is required, at least 16 characters',
    );
  });
});
