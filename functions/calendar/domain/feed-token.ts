import { createHash, randomBytes } from 'node:crypto';

// A feed token is a bearer secret in a URL (calendar apps cannot send headers): only its hash is stored.

export const newFeedToken = () => randomBytes(32).toString('base64url');

export const hashFeedToken = (token: string) => createHash('sha256').update(token).digest('hex');
