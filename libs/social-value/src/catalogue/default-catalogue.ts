import type { CatalogueMeasure } from './catalogue-csv.js';

const SOURCE = 'Illustrative value for the demo and for trying the service: replace with your authority’s own catalogue before use.';
const m = (code: string, theme: string, outcome: string, name: string, unit: string, proxyValue: string): CatalogueMeasure => ({
  code,
  theme,
  outcome,
  name,
  unit,
  proxyValue,
  source: SOURCE,
});

/**
 * The catalogue every authority starts with (version 0): five themes and twenty measures in the shape
 * UK social value frameworks use. Every proxy value is illustrative, and says so: an authority imports
 * its own (with its sources) before relying on the figures.
 */
export const DEFAULT_CATALOGUE: readonly CatalogueMeasure[] = Object.freeze([
  m(
    'JOB-1',
    'Jobs: local skills and employment',
    'More local people in good work',
    'Local people employed on the contract (full-time equivalent)',
    'FTE year',
    '28000.00',
  ),
  m(
    'JOB-2',
    'Jobs: local skills and employment',
    'More local people in good work',
    'People long-term unemployed before hiring, employed on the contract',
    'FTE year',
    '16000.00',
  ),
  m('JOB-3', 'Jobs: local skills and employment', 'Skills for young people', 'Apprenticeship weeks completed', 'week', '240.00'),
  m('JOB-4', 'Jobs: local skills and employment', 'Skills for young people', 'Work placement weeks for people aged 16 to 24', 'week', '180.00'),
  m('JOB-5', 'Jobs: local skills and employment', 'Fair work', 'Staff on the contract paid at least the real Living Wage', 'person year', '1200.00'),
  m('GRO-1', 'Growth: a thriving local economy', 'Spend stays local', 'Contract spend with suppliers in the authority’s area', '£ spent', '0.20'),
  m('GRO-2', 'Growth: a thriving local economy', 'Spend stays local', 'Contract spend with voluntary, community and social enterprises', '£ spent', '0.25'),
  m('GRO-3', 'Growth: a thriving local economy', 'Stronger small organisations', 'Hours of expert support given to local small organisations', 'hour', '95.00'),
  m('GRO-4', 'Growth: a thriving local economy', 'Stronger small organisations', 'Payments to subcontractors made within 30 days', '% of invoices', '150.00'),
  m(
    'SOC-1',
    'Social: healthier, safer, more resilient communities',
    'People volunteer and are supported to',
    'Staff volunteering hours in the community',
    'hour',
    '17.00',
  ),
  m(
    'SOC-2',
    'Social: healthier, safer, more resilient communities',
    'Less loneliness',
    'Older people supported to take part in community activities',
    'person',
    '850.00',
  ),
  m(
    'SOC-3',
    'Social: healthier, safer, more resilient communities',
    'Communities have a say',
    'Co-design sessions held with people who use the service',
    'session',
    '400.00',
  ),
  m('SOC-4', 'Social: healthier, safer, more resilient communities', 'Safer communities', 'People supported away from re-offending', 'person', '2300.00'),
  m('ENV-1', 'Environment: net zero and nature', 'Lower carbon emissions', 'Carbon emissions avoided against the contract’s baseline', 'tonne CO2e', '250.00'),
  m(
    'ENV-2',
    'Environment: net zero and nature',
    'Lower carbon emissions',
    'Journeys on the contract made by zero-emission vehicle, walking or cycling',
    'km',
    '0.15',
  ),
  m('ENV-3', 'Environment: net zero and nature', 'Less waste', 'Waste diverted from landfill', 'tonne', '90.00'),
  m('ENV-4', 'Environment: net zero and nature', 'More nature', 'Green space created or restored with the community', 'square metre', '12.00'),
  m('INN-1', 'Innovation: better public services', 'Learning is shared', 'Evaluations of the service published openly', 'report', '3000.00'),
  m('INN-2', 'Innovation: better public services', 'Learning is shared', 'Hours of peer learning with other providers of the service', 'hour', '60.00'),
  m(
    'INN-3',
    'Innovation: better public services',
    'People shape the service',
    'People who use the service on its governing board or panel',
    'person year',
    '1500.00',
  ),
]);
