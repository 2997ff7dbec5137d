import { createSecretKey, type KeyObject } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { jwtSecret } from '../aws/secrets.js';
import { platformConfig } from '../config.js';
import { UnauthorizedError } from '../errors.js';

export const Role = z.enum(['client', 'hotelier']);
export type Role = z.infer<typeof Role>;

/** Who is calling, as proven by a verified access token. */
export interface AuthUser {
  id: string;
  role: Role;
}

const ISSUER = 'syncore';
const AUDIENCE = 'syncore-api';
const claimsSchema = z.object({ sub: z.uuid(), role: Role });

// The HMAC key, imported once per container and again only when the secret changes (rotation): jose
// would otherwise import a raw Uint8Array secret with `subtle.importKey` on every sign and verify.
let signingKey: { secret: string; key: KeyObject } | undefined;
async function jwtKey(): Promise<KeyObject> {
  const bytes = await jwtSecret();
  const secret = Buffer.from(bytes).toString('base64');
  if (signingKey?.secret !== secret) signingKey = { secret, key: createSecretKey(bytes) };
  return signingKey.key;
}

export async function issueAccessToken(user: AuthUser): Promise<{ token: string; expiresAt: Date }> {
  const ttl = platformConfig().JWT_TTL_SECONDS;
  const expiresAt = new Date(Date.now() + ttl * 1000);
  const token = await new SignJWT({ role: user.role })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(user.id)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(await jwtKey());
  return { token, expiresAt };
}

/**
 * Tokens this container has verified, by their exact text (signature included), with the key that
 * verified them and their expiry: a client sends the same token with every request, and the HMAC check
 * is the dearest step of a cheap authenticated route. A hit is only taken before the token's `exp` and
 * while the key is the same one (a rotated secret verifies afresh). Bounded; the oldest entry goes first.
 */
const verified = new Map<string, { user: AuthUser; expiresAtMs: number; key: KeyObject }>();
export const VERIFIED_TOKENS_MAX = 5_000;

/**
 * Verifies the signature, issuer, audience and expiry of a bearer token. serverless-offline's
 * authorizer emulation checks no signatures, so every protected handler calls this itself.
 */
export async function verifyAccessToken(token: string): Promise<AuthUser> {
  const key = await jwtKey();
  const hit = verified.get(token);
  if (hit && hit.key === key && Date.now() < hit.expiresAtMs) return hit.user;
  try {
    const { payload } = await jwtVerify(token, key, {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['HS256'],
      // Every token we issue expires; one without `exp` is not ours.
      requiredClaims: ['exp'],
    });
    const claims = claimsSchema.parse(payload);
    const user: AuthUser = { id: claims.sub, role: claims.role };
    verified.delete(token);
    if (verified.size >= VERIFIED_TOKENS_MAX) verified.delete(verified.keys().next().value!);
    verified.set(token, { user, expiresAtMs: payload.exp! * 1000, key });
    return user;
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired)
      throw new UnauthorizedError('The access token has expired.', 'AUTH.TOKEN_EXPIRED');
    throw new UnauthorizedError('The access token is invalid.', 'AUTH.TOKEN_INVALID');
  }
}

export async function authenticate(authorization: string | undefined): Promise<AuthUser> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match?.[1]) throw new UnauthorizedError();
  return verifyAccessToken(match[1]);
}
