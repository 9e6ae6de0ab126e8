export { canonicalJson, contentHash } from './canonical-json.js';
export { GREEN_BOOK, discountFactor, presentValue } from './discounting.js';
export type { RateBand } from './discounting.js';
export { addDays, addMonths, addYears, CALENDAR_DATE, daysBetween, isCalendarDate, londonToday } from './london-calendar.js';
export { londonDate, londonDateTime, londonWallTimeToUtc } from './london-time.js';
export { MONEY, moneyMessage, pounds2 } from './money.js';
export { standstillEnd } from './working-days.js';
export { csvField, csvFile } from './csv.js';
