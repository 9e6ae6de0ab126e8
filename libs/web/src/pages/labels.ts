/** How codes read on pages (docs/domain.md wording). */
export const LABELS: Record<string, string> = {
  // stages
  authorise: 'Authorise',
  decided: 'Delivery model decided',
  procuring: 'Procuring',
  // service review decisions and findings
  recommission: 'Recommission the service',
  insource: 'Bring the service in house',
  change: 'Change the service',
  achieved: 'Achieved',
  partly_achieved: 'Partly achieved',
  not_achieved: 'Not achieved',
  not_measured: 'Not measured',
  // engagement methods
  statutory_consultation: 'Statutory consultation',
  information: 'Information',
  customer_service: 'Customer service',
  market_research: 'Market research',
  deliberative_panel: 'Deliberative panel or jury',
  devolved_budget: 'Devolved budget',
  // participation levels
  inform: 'Inform',
  consult: 'Consult',
  involve: 'Involve',
  collaborate: 'Collaborate',
  empower: 'Empower',
  // decision areas
  purpose: 'Purpose',
  outcomes: 'Outcomes framework',
  delivery_model: 'Delivery model',
  specification: 'Specification',
  evaluation_model: 'Evaluation model',
  other: 'Other',
  // outcome sources and kinds
  national: 'National',
  community: 'Community consensus',
  individual: 'Individual',
  outcome: 'Outcome',
  output: 'Output',
  // delivery options
  in_house: 'In-house',
  public_public_partnership: 'Public-public partnership',
  non_market_partnership: 'Non-market partnership',
  grant: 'Grant',
  competitive_tender: 'Competitive tender',
  co_production: 'Co-production',
  // evaluation model
  price: 'Price',
  quality: 'Quality',
  social_value: 'Social value',
  public_character: 'Public character',
  relative_to_lowest: 'relative to the lowest price',
  linear_deviation: 'linear deviation',
  benchmark: 'benchmark floor and ceiling',
  price_per_quality_point: 'price per quality point',
  whole_life_cost: 'whole-life cost',
  higher_quality: 'higher quality',
  lower_price: 'lower price',
  higher_social_value: 'higher social value',
  higher_public_character: 'higher public character',
  // public character tests
  goals: 'Goals',
  values: 'Values',
  citizens: 'Citizens',
  employees: 'Employees',
  performance: 'Performance',
  institution: 'Institution',
  shared_ownership: 'Shared ownership',
  democratic_ownership: 'Democratic ownership',
  collaboration: 'Collaboration',
  control_of_suppliers: 'Control of suppliers',
  // award steps
  recommended: 'Recommended',
  approved: 'Approved',
  awarded: 'Awarded',
  no_award: 'No award',
  // dimensions
  ageBand: 'Age band',
  sex: 'Sex',
  ethnicity: 'Ethnicity',
  socioEconomicGroup: 'Socio-economic group',
};

export const label = (code: string) => LABELS[code] ?? code.replace(/_/g, ' ');

export const STAGE_TAG: Record<string, string> = { authorise: 'govuk-tag--grey', decided: 'govuk-tag--blue', procuring: 'govuk-tag--green' };

const money = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });
/**
 * A decimal string as pounds, for display. Intl formats the string itself as an exact decimal (never through a
 * binary float, which would misround £1.005 and blur values past 2^53 pence); the stored value stays a string.
 */
export const pounds = (value: string) => money.format(value as `${number}`);

/** How a commitment's next yearly review stands, as a tag: the contract manager's work list at a glance. */
export const reviewTag = (c: { schedule: { status: 'not-yet' | 'open' | 'overdue'; nextYear: number; opensOn: string } }) =>
  c.schedule.status === 'overdue'
    ? { colour: 'red', text: `Year ${c.schedule.nextYear} review overdue` }
    : c.schedule.status === 'open'
      ? { colour: 'blue', text: `Year ${c.schedule.nextYear} review due` }
      : { colour: 'grey', text: `Next review from ${c.schedule.opensOn}` };
