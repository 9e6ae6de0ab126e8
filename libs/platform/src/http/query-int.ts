/**
 * A query parameter meant as a whole number (`?limit=20`), for class-transformer's @Transform: digits become
 * a number; anything else is left as sent, so the validator names the parameter and the rule.
 */
export const queryInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value);
