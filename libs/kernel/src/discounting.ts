import { Decimal } from 'decimal.js';

/**
 * Discounting to a base date (docs/domain.md section 7). Pure, decimal throughout.
 * The whole-life cost work reuses this module.
 *
 * A schedule is a list of bands: `fromYear` (inclusive) and the annual rate
 * that applies from then on. Factors chain across bands: the factor for year
 * t is the product of 1 / (1 + r) over years 1..t, each at its own band's
 * rate. Year 0 (the base year) is undiscounted.
 */
export interface RateBand {
  fromYear: number;
  /** Percent a year, as a decimal string. */
  ratePercent: string;
}

/** HM Treasury Green Book declining schedule: 3.5% for years 0 to 30, then 3.0, 2.5, 2.0, 1.5 and 1.0. */
export const GREEN_BOOK: readonly RateBand[] = Object.freeze([
  { fromYear: 0, ratePercent: '3.5' },
  { fromYear: 31, ratePercent: '3.0' },
  { fromYear: 76, ratePercent: '2.5' },
  { fromYear: 126, ratePercent: '2.0' },
  { fromYear: 201, ratePercent: '1.5' },
  { fromYear: 301, ratePercent: '1.0' },
]);

const rateFor = (year: number, schedule: readonly RateBand[]) => {
  let rate = schedule[0].ratePercent;
  for (const band of schedule) if (year >= band.fromYear) rate = band.ratePercent;
  return new Decimal(rate).div(100);
};

/** The factor that brings a cost in `year` (0 = base year) to present value. */
export function discountFactor(year: number, schedule: readonly RateBand[] = GREEN_BOOK): Decimal {
  if (!Number.isInteger(year) || year < 0) throw new RangeError(`year must be a whole number from 0, not ${year}`);
  let factor = new Decimal(1);
  for (let t = 1; t <= year; t++) factor = factor.div(rateFor(t, schedule).plus(1));
  return factor;
}

/**
 * Present value of a yearly cost profile. Contract year 1 is the base year
 * (t = 0, today's money), year n is discounted over n - 1 years: the first
 * year of a contract is not discounted against itself.
 */
export function presentValue(profile: readonly { year: number; amount: string }[], schedule: readonly RateBand[] = GREEN_BOOK): Decimal {
  return profile.reduce((sum, p) => sum.plus(new Decimal(p.amount).times(discountFactor(p.year - 1, schedule))), new Decimal(0));
}
