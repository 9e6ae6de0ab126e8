export type ReminderKind = '7d' | '1d';

const DAY_MS = 86_400_000;

/**
 * Which reminder, if any, is due now for a deadline. Each kind is sent at most
 * once per deadline. Inside the last day only the 1-day reminder is due (a
 * 7-day reminder arriving the day before would mislead); between one and seven
 * days out, the 7-day one. A scan that runs late still sends what is due.
 */
export function dueReminder(deadline: Date, now: Date, alreadySent: ReadonlySet<ReminderKind>): ReminderKind | null {
  const left = deadline.getTime() - now.getTime();
  if (left <= 0) return null;
  if (left <= DAY_MS) return alreadySent.has('1d') ? null : '1d';
  if (left <= 7 * DAY_MS) return alreadySent.has('7d') ? null : '7d';
  return null;
}
