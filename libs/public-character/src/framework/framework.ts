import { Ajv } from 'ajv';
import { PUBLIC_CHARACTER_TESTS } from '#policy';

/**
 * The public character framework (docs/domain.md section 5): six maxims, and tests that providers assess
 * themselves against, each with band descriptors for the levels 0 to 4. An authority adopts the default,
 * rewrites descriptors or adds tests, each time as a new version; a tender keeps the version it was
 * published with. Pure: the checks and the default, no framework imports.
 */
export interface FrameworkTest {
  code: string;
  name: string;
  question: string;
  /** What each level (0 to 4) means for this test. */
  descriptors: [string, string, string, string, string];
}
export interface PublicCharacterFramework {
  maxims: string[];
  tests: FrameworkTest[];
}

export const LEVELS = ['Not met', 'Emerging', 'Partly', 'Largely', 'Fully'] as const;

const QUESTIONS: Record<(typeof PUBLIC_CHARACTER_TESTS)[number], [string, string]> = {
  goals: ['Goals', 'Broad goals: helping people thrive and serving society'],
  values: ['Values', 'Champions equality, dignity, transparency and probity'],
  citizens: ['Citizens', 'Equal relationships with users: choice, control and responsibility'],
  employees: ['Employees', 'Trust and power for staff to serve citizens and to develop'],
  performance: ['Performance', 'Improving performance and value for money; attends to demand'],
  institution: ['Institution', 'Enduring, with a strong identity, values and relationships'],
  shared_ownership: ['Shared ownership', 'Partly self-governing with citizens, staff and leaders'],
  democratic_ownership: ['Democratic ownership', 'Partly led by democratic priorities, local and national'],
  collaboration: ['Collaboration', 'Succeeds through collaboration with partner institutions'],
  control_of_suppliers: ['Control of suppliers', 'Leads its own supply chain so that all of the above still hold'],
};

/** The default descriptors say how far the test is met and what shows it; authorities rewrite them for their services. */
const descriptors = (question: string): FrameworkTest['descriptors'] => [
  `Not met: nothing shows this in the organisation’s purpose, governance or practice. (${question}.)`,
  'Emerging: stated as an intention or in a new policy, with little in practice yet to show for it.',
  'Partly: in practice in some services or for some people, with records for those parts.',
  'Largely: in practice across most of the organisation, with records, and gaps known and being closed.',
  'Fully: embedded in governance and practice, independently evidenced, and sustained over time.',
];

export const DEFAULT_FRAMEWORK: PublicCharacterFramework = Object.freeze({
  maxims: [
    'Help people acquire capabilities to lead lives they value',
    'Serve the collective interest',
    'Champion equality, dignity and respect',
    'Set direction through democratic politics and shared ownership',
    'Act through collaboration',
    'Uphold transparency and probity',
  ],
  tests: PUBLIC_CHARACTER_TESTS.map((code) => ({ code, name: QUESTIONS[code][0], question: QUESTIONS[code][1], descriptors: descriptors(QUESTIONS[code][1]) })),
}) as PublicCharacterFramework;

const text = (max: number) => ({ type: 'string', minLength: 1, maxLength: max });
const SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['maxims', 'tests'],
  properties: {
    maxims: { type: 'array', minItems: 1, maxItems: 20, items: text(500) },
    tests: {
      type: 'array',
      minItems: 1,
      maxItems: 40,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['code', 'name', 'question', 'descriptors'],
        properties: {
          code: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,39}$' },
          name: text(100),
          question: text(500),
          descriptors: { type: 'array', minItems: 5, maxItems: 5, items: text(2000) },
        },
      },
    },
  },
} as const;
const check = new Ajv({ allErrors: true, strict: true }).compile(SCHEMA);
const dotted = (pointer: string) => pointer.replace(/^\//, '').replace(/\//g, '.');

/**
 * What is wrong with a framework, each with its field and rule. The ten tests of docs/domain.md stay (an
 * authority may rewrite their words and add its own tests, not drop one), and codes are unique.
 */
export function frameworkProblems(input: unknown): { field: string; rule: string; message: string }[] {
  if (!check(input)) {
    return (check.errors ?? []).map((e) => {
      const extra = e.params as { missingProperty?: string; additionalProperty?: string };
      const named = extra.missingProperty ?? extra.additionalProperty;
      const field = [dotted(e.instancePath), named].filter(Boolean).join('.') || 'framework';
      return { field, rule: e.keyword === 'additionalProperties' ? 'unknown-field' : e.keyword, message: `${field} ${e.message ?? 'is not valid'}` };
    });
  }
  const f = input as PublicCharacterFramework;
  const problems: { field: string; rule: string; message: string }[] = [];
  const seen = new Set<string>();
  f.tests.forEach((t, i) => {
    if (seen.has(t.code)) problems.push({ field: `tests.${i}.code`, rule: 'unique', message: `test code ${t.code} is used twice` });
    seen.add(t.code);
  });
  for (const code of PUBLIC_CHARACTER_TESTS) {
    if (!seen.has(code))
      problems.push({ field: 'tests', rule: 'core-tests', message: `the test ${code} must stay: rewrite its descriptors rather than remove it` });
  }
  return problems;
}
