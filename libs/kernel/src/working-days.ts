import { londonWallTimeToUtc } from './london-time.js';
import { londonToday } from './london-calendar.js';

/**
 * Bank holidays in England and Wales (gov.uk/bank-holidays), 2025 to 2028. A standstill that reaches past
 * the list counts only weekends there; extend the list each year (a test fails when the current year is missing).
 */
export const BANK_HOLIDAYS_ENGLAND_WALES: ReadonlySet<string> = new Set([
  '2025-01-01',
  '2025-04-18',
  '2025-04-21',
  '2025-05-05',
  '2025-05-26',
  '2025-08-25',
  '2025-12-25',
  '2025-12-26',
  '2026-01-01',
  '2026-04-03',
  '2026-04-06',
  '2026-05-04',
  '2026-05-25',
  '2026-08-31',
  '2026-12-25',
  '2026-12-28',
  '2027-01-01',
  '2027-03-26',
  '2027-03-29',
  '2027-05-03',
  '2027-05-31',
  '2027-08-30',
  '2027-12-27',
  '2027-12-28',
  '2028-01-03',
  '2028-04-14',
  '2028-04-17',
  '2028-05-01',
  '2028-05-29',
  '2028-08-28',
  '2028-12-25',
  '2028-12-26',
]);

const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
export const isWorkingDay = (date: string) => {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day !== 0 && day !== 6 && !BANK_HOLIDAYS_ENGLAND_WALES.has(date);
};

/**
 * The end of a standstill of `days` working days beginning with the day `from` falls on in London
 * (Procurement Act 2023 s.51: "beginning with the day" the notice is published). It ends at midnight
 * London time at the end of the last working day, returned as that instant in UTC.
 */
export function standstillEnd(from: Date, days: number): { lastDay: string; endsAt: Date } {
  let date = londonToday(from);
  let counted = 0;
  let lastDay = date;
  while (counted < days) {
    if (isWorkingDay(date)) {
      counted++;
      lastDay = date;
    }
    date = nextDay(date);
  }
  if (days === 0) lastDay = londonToday(from);
  return { lastDay, endsAt: londonWallTimeToUtc(nextDay(lastDay), '00:00')! };
}
