import { bodyEmail, throttleGuard } from '#platform';

/**
 * Raising or supporting a concern e-mails the address typed into the form (the link that confirms it), so both
 * are limited: per e-mail address, so nobody can use the form to fill another person's inbox, and per client
 * address, so nobody can flood an authority with concerns. One count for the API and the pages.
 */
export const ConcernThrottleGuard = throttleGuard({
  name: 'concern',
  title: 'Too many concerns sent',
  seconds: 3600,
  limits: [
    { by: 'email', points: (config) => config.CONCERN_LIMIT_PER_EMAIL, key: bodyEmail },
    { by: 'address', points: (config) => config.CONCERN_LIMIT_PER_ADDRESS, key: (req) => req.ip ?? '' },
  ],
});
