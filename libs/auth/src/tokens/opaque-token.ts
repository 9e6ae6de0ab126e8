import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe. */
export const randomToken = (): string => randomBytes(32).toString('base64url');

/**
 * sha256 is enough for these: they are 256-bit random secrets, not passwords,
 * so there is nothing to guess; a slow hash would only slow every request.
 */
export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');
