import { jest } from '@jest/globals';
import { issueAccessToken, VERIFIED_TOKENS_MAX, verifyAccessToken } from './tokens.js';

const user = { id: '1b7f0c3e-2a4d-4c5e-9f60-7a8b9c0d1e2f', role: 'client' as const };

/** The token with one character of its signature changed. */
function tampered(token: string): string {
  const last = token.at(-2) === 'A' ? 'B' : 'A';
  return `${token.slice(0, -2)}${last}${token.at(-1)}`;
}

describe('verifyAccessToken (with the per-container cache of verified tokens)', () => {
  afterEach(() => jest.useRealTimers());

  it('answers the same user for a token verified before, and still rejects a tampered copy of it', async () => {
    const { token } = await issueAccessToken(user);
    await expect(verifyAccessToken(token)).resolves.toEqual(user);
    await expect(verifyAccessToken(token)).resolves.toEqual(user);
    await expect(verifyAccessToken(tampered(token))).rejects.toMatchObject({ code: 'AUTH.TOKEN_INVALID' });
  });

  it('rejects a cached token once it has expired', async () => {
    jest.useFakeTimers({ now: new Date('2026-06-01T10:00:00Z'), doNotFake: ['nextTick', 'setImmediate'] });
    const { token, expiresAt } = await issueAccessToken(user);
    await expect(verifyAccessToken(token)).resolves.toEqual(user);
    jest.setSystemTime(expiresAt.getTime() + 1_000);
    await expect(verifyAccessToken(token)).rejects.toMatchObject({ code: 'AUTH.TOKEN_EXPIRED' });
  });

  it('keeps verifying correctly when more tokens than the cache holds go by', async () => {
    const first = (await issueAccessToken({ ...user, role: 'hotelier' })).token;
    await verifyAccessToken(first);
    const others = await Promise.all(
      Array.from({ length: VERIFIED_TOKENS_MAX + 10 }, (_, index) =>
        issueAccessToken({ id: user.id.replace(/.{4}$/, String(index).padStart(4, '0')), role: 'client' }),
      ),
    );
    for (const { token } of others) await verifyAccessToken(token);
    await expect(verifyAccessToken(first)).resolves.toEqual({ ...user, role: 'hotelier' });
  });
});
