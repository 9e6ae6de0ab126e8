import type { Response } from 'express';
import { SESSION_COOKIE } from '#auth';
import { PRESESSION_COOKIE } from './csrf.js';

/** Signs the browser in with a new web session: the session cookie set, the pre-session (CSRF) cookie gone. */
export function setSessionCookie(res: Response, session: { token: string; expiresAt: Date }, secure: boolean) {
  res.cookie(SESSION_COOKIE, session.token, { httpOnly: true, sameSite: 'lax', secure, path: '/', expires: session.expiresAt });
  res.clearCookie(PRESESSION_COOKIE, { path: '/' });
}
