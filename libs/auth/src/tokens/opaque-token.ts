import { randomBytes } from 'node:crypto';
import { sha256 } from '#kernel';

/** 256 random bits, URL-safe. */
export const randomToken = (): string => randomBytes(32).toString('base64url');

/**
 * sha256 is enough for these: they are 256-bit random secrets, not passwords,
 * so there is nothing to guess; a slow hash would only slow every request.
 */
export { sha256 };
