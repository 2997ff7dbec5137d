import { hashPassword, needsRehash, OWASP_MINIMUM_COST, verifyPassword } from './passwords.js';

describe('password hashing', () => {
  it("hashes at OWASP's minimum scrypt cost by default (N=2^17, r=8, p=1) within Node's memory limit", async () => {
    const hash = await hashPassword('correct horse');
    expect(hash.startsWith('scrypt$131072$8$1$')).toBe(true);
    expect(await verifyPassword('correct horse', hash)).toBe(true);
    expect(await verifyPassword('wrong horse', hash)).toBe(false);
    expect(needsRehash(hash, OWASP_MINIMUM_COST)).toBe(false);
  });

  it('asks for a rehash of weaker or unreadable hashes and refuses absurd parameters', async () => {
    const old = await hashPassword('pw', { N: 2 ** 14, r: 8, p: 1 });
    expect(await verifyPassword('pw', old)).toBe(true);
    expect(needsRehash(old, OWASP_MINIMUM_COST)).toBe(true);
    expect(needsRehash('md5$abc', OWASP_MINIMUM_COST)).toBe(true);
    expect(await verifyPassword('pw', 'scrypt$4294967296$8$1$c2FsdA$a2V5')).toBe(false);
  });
});
