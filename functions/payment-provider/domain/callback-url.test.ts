import { callbackUrlProblem } from './callback-url.js';

describe('callbackUrlProblem', () => {
  const base = 'https://api.example.com';

  it("accepts this API's own webhook endpoint", () => {
    expect(callbackUrlProblem('https://api.example.com/webhooks/payments', base)).toBeUndefined();
    expect(callbackUrlProblem('https://api.example.com/webhooks/payments', `${base}/`)).toBeUndefined();
  });

  it('accepts the webhook under a base path (custom domain mapping)', () => {
    expect(
      callbackUrlProblem('https://api.example.com/v1/webhooks/payments', 'https://api.example.com/v1'),
    ).toBeUndefined();
    expect(
      callbackUrlProblem('https://api.example.com/webhooks/payments', 'https://api.example.com/v1'),
    ).toBe('Must be https://api.example.com/v1/webhooks/payments.');
  });

  it.each([
    ['an internal address', 'http://169.254.169.254/latest/meta-data/'],
    ['another host', 'https://evil.example.net/webhooks/payments'],
    ['a look-alike host', 'https://api.example.com.evil.net/webhooks/payments'],
    ['another scheme', 'http://api.example.com/webhooks/payments'],
    ['another port', 'https://api.example.com:8443/webhooks/payments'],
    ['another path', 'https://api.example.com/auth/login'],
    ['a path below it', 'https://api.example.com/webhooks/payments/x'],
    ['credentials', 'https://user:pw@api.example.com/webhooks/payments'],
    ['a query', 'https://api.example.com/webhooks/payments?to=http://10.0.0.1'],
    ['not a URL', 'webhooks/payments'],
  ])('refuses %s', (_, url) => {
    expect(callbackUrlProblem(url, base)).toEqual(expect.any(String));
  });
});
