/**
 * The message catalogue: the words a person reads for a refusal the API words for programmers. The API
 * names the field (`periodEndsOn`, `abnormallyLow.belowMeanOfOthersPercent`, `tests.10.code`) and the
 * rule it broke (`isInt`, `pattern`, `isDateString`); a page says what to do, in GOV.UK's way ("Enter the
 * last day of the period as a real date, for example 2027-03-31"). A message already written for people
 * (every page's own, the services' own) passes through as it is.
 */

/** Each field by its name in the API (the path without its list positions, or its last part), as a person calls it. */
const FIELDS: Record<string, string> = {
  // Contracts: KPIs, assessments, payments.
  periodEndsOn: 'the last day of the period',
  periodFrom: 'the first day of the period',
  periodTo: 'the last day of the period',
  value: 'the value',
  // Commissioning cycles.
  reference: 'the reference',
  serviceCategory: 'the service category',
  reviewBy: 'the date to review it by',
  // Public character evidence and framework.
  url: 'the web address',
  evidenceType: 'the type of evidence',
  issuedOn: 'the date it was issued',
  expiresOn: 'the date it expires',
  'tests.code': 'the test’s code',
  code: 'the code',
  // Bids and their social value commitments.
  price: 'your price',
  'quantities.quantity': 'the quantity for that year',
  // The policy pack.
  minSocialValueWeight: 'the minimum weight for social value',
  allowedPriceMethods: 'the price methods allowed',
  'defaultScales.quality': 'the scale for quality',
  'defaultScales.socialValue': 'the scale for social value',
  'abnormallyLow.belowMeanOfOthersPercent': 'how far below the mean of the other bids a bid is abnormally low (%)',
  'abnormallyLow.belowNextLowestPercent': 'how far below the next lowest bid a bid is abnormally low (%)',
  'evaluatorVariance.points': 'the spread of marks between evaluators that is flagged',
  'evaluatorVariance.scale': 'the scale the spread is measured on',
  standstillWorkingDays: 'the standstill period in working days',
  'restrictedCategories.code': 'the category code',
  lotsPerSupplierCap: 'the most lots one supplier may win',
  scrutinyThreshold: 'the value above which an award goes to scrutiny',
  reviewEveryYears: 'how many years between reviews',
  variationApprovalAbove: 'the value above which a variation needs approval',
  'concernTrigger.supporters': 'the number of supporters that triggers a review',
  'concernTrigger.windowDays': 'the number of days supporters are counted over',
  'smallProviderAccess.maxAnnualValue': 'the largest annual value for small providers',
  'smallProviderAccess.maxLengthMonths': 'the longest contract for small providers, in months',
  'smallProviderAccess.maxCapitalRequirement': 'the largest capital requirement for small providers',
  'areaPopulation.tolerancePoints': 'the tolerance, in percentage points',
  'areaPopulation.shares': 'the population shares',
};

/** What only a programmer would write: a path, a camelCase name, a pattern, a type. */
const CODE =
  /\b[a-z][A-Za-z]*\.(\d+|[a-z][A-Za-z]*)\b|\b[a-z]+[A-Z][A-Za-z]*\b|must match|pattern|\^|\\d|\bmust be (an? )?(string|integer|number|boolean|object|array)\b|decimal string|ISO 8601|YYYY-MM-DD|fewer than \d+ items|integer,null/;

const humanised = (name: string) => `the ${name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}`;
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The field as a person calls it: the catalogue's words for its path (list positions aside) or its last part. */
export function fieldInWords(field: string): string {
  const parts = field.split('.').filter((p) => !/^\d+$/.test(p));
  for (let i = 0; i < parts.length; i++) {
    const words = FIELDS[parts.slice(i).join('.')];
    if (words) return words;
  }
  return humanised(parts.at(-1) ?? field);
}

export function inWords(problem: { field: string; rule?: string; message: string }): string {
  const { field, message } = problem;
  const rule = problem.rule ?? '';
  if (!CODE.test(message)) return message;
  const name = fieldInWords(field);
  const example = /e\.g\.,? "?([^"]+)"?/.exec(message)?.[1];
  const forExample = (fallback?: string) => ((example ?? fallback) ? `, for example ${example ?? fallback}` : '');
  if (rule === 'unknown-field') return `${capital(name)} has a part this form does not take: check what you typed`;
  if (['isNotEmpty', 'required', 'minLength'].includes(rule) || /should not be empty/.test(message)) return `Enter ${name}`;
  if (rule === 'minItems' || /fewer than \d+ items/.test(message)) return `Choose at least one of ${name}`;
  if (/date/i.test(message)) return `Enter ${name} as a real date${forExample('2027-03-31')}`;
  if (/integer|whole/.test(message) || rule === 'isInt') return `Enter ${name} as a whole number${forExample('10')}`;
  if (/decimal|number/.test(message)) return `Enter ${name} as a number${forExample('12.5')}`;
  if (/http|url|address/i.test(message) || rule === 'isUrl') return `Enter ${name} as a web address starting with https://`;
  if (['isIn', 'enum', 'isEnum'].includes(rule) || /one of/.test(message)) return `Choose ${name} from the list`;
  return `Enter ${name} in the form its hint shows${forExample()}`;
}
