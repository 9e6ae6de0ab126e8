import { GREEN_BOOK, type RateBand } from '#kernel';
import type { DeflatorPoint } from './whole-life.js';

/**
 * An illustrative GDP deflator by calendar year (2022 = 100), shaped like the UK series published by
 * HM Treasury but rounded and extended a few years ahead: a default for an authority that has not set its
 * own series, never a source to quote. An authority replaces it with the Treasury's current series in its
 * cost settings; every figure says which series it used.
 */
export const ILLUSTRATIVE_GDP_DEFLATOR: readonly DeflatorPoint[] = Object.freeze([
  { year: 2015, index: '84.4' },
  { year: 2016, index: '86.2' },
  { year: 2017, index: '87.9' },
  { year: 2018, index: '89.7' },
  { year: 2019, index: '91.6' },
  { year: 2020, index: '96.5' },
  { year: 2021, index: '96.4' },
  { year: 2022, index: '100.0' },
  { year: 2023, index: '107.4' },
  { year: 2024, index: '111.1' },
  { year: 2025, index: '114.6' },
  { year: 2026, index: '117.5' },
  { year: 2027, index: '120.2' },
  { year: 2028, index: '122.8' },
  { year: 2029, index: '125.3' },
  { year: 2030, index: '127.8' },
]);

/** The discount schedule an authority starts with: the Green Book's declining one. */
export const DEFAULT_DISCOUNT_SCHEDULE: readonly RateBand[] = GREEN_BOOK;
