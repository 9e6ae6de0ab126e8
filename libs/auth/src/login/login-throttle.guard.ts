import { bodyEmail, throttleGuard } from '#platform';

/**
 * Sign-in attempts are limited per client address and e-mail, so one person's
 * typos (or one attacker's guesses at one account) do not lock out everyone
 * behind the same NAT; the account lock-out in AuthService backs this up
 * against guesses spread over many addresses. With Redis configured the count
 * is shared by every API instance (memory is the fallback if Redis is down).
 */
export const LoginThrottleGuard = throttleGuard({
  name: 'login',
  title: 'Too many sign-in attempts',
  seconds: 60,
  limits: [{ by: 'address-and-email', points: (config) => config.LOGIN_RATE_LIMIT, key: (req) => `${req.ip}|${bodyEmail(req)}` }],
});
