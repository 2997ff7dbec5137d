import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

// scrypt is memory-hard (N·r·128 bytes = 128 MiB per hash at OWASP's minimum) and ships with Node, so no
// native addon has to be built or downloaded. Parameters are stored with each hash, so the cost can be
// raised: an older hash still verifies with its own parameters and is replaced at the next login.
export interface PasswordCost {
  N: number;
  r: number;
  p: number;
}

/** OWASP's minimum for scrypt (Password Storage Cheat Sheet): N=2^17, r=8, p=1. */
export const OWASP_MINIMUM_COST: PasswordCost = { N: 2 ** 17, r: 8, p: 1 };
const KEY_LENGTH = 32;

/** Node refuses scrypt above `maxmem` (32 MiB by default): allow twice what the parameters need. */
const maxmemFor = ({ N, r }: PasswordCost) => Math.max(2 * 128 * N * r, 32 * 1024 * 1024);

function derive(password: string, salt: Buffer, cost: PasswordCost): Promise<Buffer> {
  const options: ScryptOptions = { ...cost, maxmem: maxmemFor(cost) };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string, cost = OWASP_MINIMUM_COST): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, cost);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64'), key.toString('base64')].join('$');
}

function parse(stored: string) {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  const sane = Number.isSafeInteger(cost.N) && cost.N > 1 && cost.N <= 2 ** 20 && cost.r > 0 && cost.p > 0;
  if (scheme !== 'scrypt' || !salt || !key || !sane) return undefined;
  return { cost, salt: Buffer.from(salt, 'base64'), key: Buffer.from(key, 'base64') };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const actual = await derive(password, parsed.salt, parsed.cost);
  return actual.length === parsed.key.length && timingSafeEqual(actual, parsed.key);
}

/** True when the stored hash is weaker than `cost` (or unreadable): rehash it after a successful login. */
export function needsRehash(stored: string, cost: PasswordCost): boolean {
  const parsed = parse(stored);
  if (!parsed) return true;
  return parsed.cost.N < cost.N || parsed.cost.r < cost.r || parsed.cost.p < cost.p;
}

const dummies = new Map<string, Promise<string>>();

/** Verified against when the email is unknown, so a login costs the same time either way. */
export function dummyHash(cost: PasswordCost): Promise<string> {
  const id = `${cost.N}:${cost.r}:${cost.p}`;
  let hash = dummies.get(id);
  if (!hash) {
    hash = hashPassword('not-a-real-password-just-for-timing', cost);
    dummies.set(id, hash);
  }
  return hash;
}
