/**
 * The message catalogue: the words a person reads for a refusal the API words for programmers. The API
 * names the field (`periodEndsOn`, `abnormallyLow.belowMeanOfOthersPercent`, `tests.10.code`) and the
 * rule it broke (`isInt`, `pattern`, `isDateString`); a page says what to do, in GOV.UK's way ("Enter the
 * last day of the period as a real date, for example 27 3 2027"). A message already written for people
 * (every page's own, the services' own) passes through as it is.
 */

/** Each field by its name in the API (the path without its list positions, or its last part), as a person calls it. */
const FIELDS: Record<string, string> = {
  // Contracts: KPIs, assessments, payments.
  periodEndsOn: 'the last day of the period',
  periodFrom: 'the first day of the period',
  periodTo: 'the last day of the period',
  value: 'the value',
  // Outcomes reported.
  achieved: 'the number who achieved the outcome',
  cohort: 'the number in the cohort',
  // Contracts' terms.
  startsOn: 'the day the contract starts',
  endsOn: 'the day the contract ends',
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
  'abnormallyLow.belowMeanOfOthersPercent': 'the percentage below the mean of the other bids that makes a bid abnormally low',
  'abnormallyLow.belowNextLowestPercent': 'the percentage below the next lowest bid that makes a bid abnormally low',
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
  /\b[a-z][A-Za-z]*\.(\d+|[a-z][A-Za-z]*)\b|\b[a-z]+[A-Z][A-Za-z]*\b|must match|pattern|\^|\\d|\bmust be (an? )?(string|integer|number|boolean|object|array)\b|decimal string|ISO 8601|YYYY-MM-DD|fewer than \d+ items|integer,null|http\(s\)|written as a string/;

const humanised = (name: string) => `the ${name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}`;
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The field as a person calls it: the catalogue's words for its path (list positions aside) or its last part. */
export function fieldInWords(field: string): string {
  const parts = field.split('.').filter((p) => !/^\d+$/.test(p));
  for (let i = 0; i < parts.length; i++) {
    const words = FIELDS[parts.slice(i).join('.')];
    if (words) return words;
  }
  // A page may name the field by its last part alone (its form's id): the catalogue's entry that ends with it.
  const leaf = parts.at(-1) ?? field;
  const byLeaf = Object.entries(FIELDS).find(([path]) => path.split('.').at(-1) === leaf);
  return byLeaf ? byLeaf[1] : humanised(leaf);
}

/** Other fields a message names (`hours × hourlyRate`), in words. */
const otherFieldsInWords = (message: string) => message.replace(/\b[a-z]+[A-Z][A-Za-z]*\b/g, (f) => fieldInWords(f).replace(/^the /, ''));

/** A message with its e-mail addresses and web addresses set aside: `name@example.gov.uk` is an example, not a path. */
const withoutAddresses = (message: string) => message.replace(/\S+@\S+|https?:\/\/\S+/g, '');

export function inWords(problem: { field: string; rule?: string; message: string }): string {
  const { field, message } = problem;
  const rule = problem.rule ?? '';
  // The API's own convention, "<field> must …", is programmer's words too, even for a one-word field ("url must be …").
  const leaf = field.split('.').at(-1) ?? field;
  if (!CODE.test(withoutAddresses(message)) && !message.startsWith(`${leaf} `)) return message;
  const name = fieldInWords(field);
  const example = /e\.g\.,? "?([^"]+)"?/.exec(message)?.[1];
  const forExample = (fallback?: string) => ((example ?? fallback) ? `, for example ${example ?? fallback}` : '');
  if (['isNotEmpty', 'required', 'minLength'].includes(rule) || /should not be empty|is required/.test(message)) return `Enter ${name}`;
  // The API's rule in its own words, the field named as a person calls it: kept when nothing else in it is code.
  const subject = message.split(' ')[0];
  if (subject === leaf || subject === field) {
    const named = capital(otherFieldsInWords(message.replace(subject, name)).replace(/e\.g\.,? "([^"]+)"( or "([^"]+)")?/, 'for example $1'));
    if (!CODE.test(withoutAddresses(named))) return named;
  }
  if (rule === 'unknown-field') return `${capital(name)} has a part this form does not take: check what you typed`;
  if (rule === 'minItems' || /fewer than \d+ items/.test(message)) return `Choose at least one of ${name}`;
  // Dates are typed in three boxes (day, month, year): the example is written as they are, whatever the API's says.
  if (/date/i.test(message)) return `Enter ${name} as a real date, for example 27 3 2027`;
  if (/integer|whole/.test(message) || rule === 'isInt') return `Enter ${name} as a whole number${forExample('10')}`;
  if (/decimal|number/.test(message)) return `Enter ${name} as a number${forExample('12.5')}`;
  if (/https?\b|\burl\b/i.test(message) || rule === 'isUrl') return `Enter ${name} in full, starting with https://`;
  if (['isIn', 'enum', 'isEnum'].includes(rule) || /one of/.test(message)) return `Choose ${name} from the list`;
  return `Enter ${name} in the form its hint shows${forExample()}`;
}
