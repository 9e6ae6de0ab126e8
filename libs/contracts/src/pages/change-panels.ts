import { Decimal } from 'decimal.js';
import { CHANGE_GROUNDS, GROUND_CODES } from '../changes/change-rules.js';
import type { ContractChanges } from '../changes/contract-changes.service.js';

/** The variations and extensions section of a contract's pages. Pure. */
type ChangeList = Awaited<ReturnType<ContractChanges['list']>>;

const STATUS_TAGS = {
  proposed: { text: 'Proposed', colour: 'yellow' },
  approved: { text: 'Approved', colour: 'blue' },
  signed: { text: 'Signed', colour: 'green' },
  withdrawn: { text: 'Withdrawn', colour: 'grey' },
} as const;

/** A signed amount in pounds: +£25,000.00 or −£25,000.00. */
const signedPounds = (v: string, pounds: (v: string) => string) => {
  const d = new Decimal(v);
  return d.isZero() ? 'None' : `${d.isNegative() ? '−' : '+'}${pounds(d.abs().toFixed(2))}`;
};

export function changePanels(
  list: ChangeList,
  pounds: (v: string) => string,
  today: string,
  formErrors: Record<string, string[]>,
  viewer: string | null = null,
) {
  const open = list.items.find((ch) => ch.status === 'proposed' || ch.status === 'approved') ?? null;
  return {
    valueNow: pounds(list.value),
    valueAtAward: pounds(list.awardedValue),
    moved: !new Decimal(list.value).eq(list.awardedValue),
    endsOn: list.endsOn,
    rows: list.items.map((ch) => ({
      number: ch.number,
      kind: ch.kind === 'extension' ? 'Extension' : 'Variation',
      ground: ch.ground,
      valueChange: signedPounds(ch.valueChange, pounds),
      newEndsOn: ch.newEndsOn ?? 'Unchanged',
      tag: STATUS_TAGS[ch.status],
      signedOn: ch.signed?.on ?? '',
    })),
    open: open && {
      id: open.id,
      formId: `change-${open.id}`,
      version: open.version,
      heading: `${open.kind === 'extension' ? 'Extension' : 'Variation'} ${open.number}: ${open.ground}`,
      rationale: open.rationale,
      impact: `${signedPounds(open.valueChange, pounds)}: from ${pounds(open.costImpact.valueBefore)} to ${pounds(open.costImpact.valueAfter)}; ends ${open.costImpact.endsOnAfter === open.costImpact.endsOnBefore ? `on ${open.costImpact.endsOnBefore}, unchanged` : `on ${open.costImpact.endsOnAfter}, not ${open.costImpact.endsOnBefore}`}`,
      tag: STATUS_TAGS[open.status],
      awaitsApproval: open.needsApproval && open.status === 'proposed',
      proposedByViewer: !!viewer && open.proposed.by === viewer,
      approval: open.approved?.note ?? null,
      errors: formErrors[`change-${open.id}`] ?? [],
    },
    options: list.options
      .filter((o) => !o.taken && o.decideBy >= today)
      .map((o) => ({
        index: o.index,
        text: `${o.months} months for ${pounds(o.value)}, to be decided by ${o.decideBy}`,
        formId: `extension-${o.index}`,
        errors: formErrors[`extension-${o.index}`] ?? [],
      })),
  };
}

/** The grounds a variation may be made on, for the form's radios. */
export const groundOptions = (chosen: string) => GROUND_CODES.map((g) => ({ value: g, text: CHANGE_GROUNDS[g], checked: g === chosen }));
