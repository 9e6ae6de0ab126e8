import { Decimal } from 'decimal.js';

/** A sum of money as the API takes it: a decimal string with at most two places, never a JSON number. */
export const MONEY = /^\d{1,16}(\.\d{1,2})?$/;
/** Pounds to 2 places, half up, as a decimal string: for showing and storing a computed sum, never for computing with. */
export const pounds2 = (d: Decimal): string => d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);

export const moneyMessage = (field: string) => `${field} must be a decimal string with at most 2 places, e.g. "480000.00"`;
