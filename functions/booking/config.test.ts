import { ConfigError } from '#platform/config';
import { parsePaymentProviderConfig } from './config.js';

describe('parsePaymentProviderConfig', () => {
  it('refuses to start without PAYMENT_PROVIDER_URL on a stage with no simulator', () => {
    for (const env of [
      {},
      { PAYMENT_SIMULATOR: 'false' },
      { PAYMENT_PROVIDER_URL: '', PAYMENT_SIMULATOR: '' },
    ]) {
      expect(() => parsePaymentProviderConfig(env)).toThrow(ConfigError);
      expect(() => parsePaymentProviderConfig(env)).toThrow(/PAYMENT_PROVIDER_URL/);
    }
  });

  it('uses the simulator under this API where it is deployed', () => {
    expect(parsePaymentProviderConfig({ PAYMENT_SIMULATOR: 'true' })).toEqual({ PAYMENT_SIMULATOR: true });
  });

  it('takes an explicit provider URL on any stage', () => {
    expect(
      parsePaymentProviderConfig({
        PAYMENT_PROVIDER_URL: 'https://pay.example.com',
        PAYMENT_SIMULATOR: 'false',
      }),
    ).toEqual({ PAYMENT_PROVIDER_URL: 'https://pay.example.com', PAYMENT_SIMULATOR: false });
  });
});
