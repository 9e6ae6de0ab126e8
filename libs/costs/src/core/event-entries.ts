import { Decimal } from 'decimal.js';
import type { CostEntryInput } from './ledger-rules.js';

/**
 * The entries that write themselves (issue 15, item 2): what a contract's own events put in its ledger,
 * in the event's transaction. Pure; the migration that made the ledger wrote the same for what had
 * already happened.
 *
 * - A payment recorded paid is an actual cost on the day it was paid: a fee instalment or a change's fee
 *   is a contract payment, an outcome payment an outcome payment, and a deduction (taken off what an outcome
 *   review found was owed) a negative outcome payment.
 * - A contract's signature commits the authority to its value at award, and each signed variation or
 *   extension moves that commitment by its value change (negative for a reduction). Committed entries are
 *   what savings erosion and the ten-year view compare with the in-house comparator; actual figures never
 *   add them, so a change's fee is counted once, when it is paid.
 */
export type EntryBasis = 'actual' | 'committed';

export interface EventEntry extends CostEntryInput {
  basis: EntryBasis;
}

type Mechanism = 'fixed_fee' | 'fixed_fee_plus_outcomes' | 'payment_by_results' | 'grant';

/** What the authority pays for the service itself under this mechanism: a fee, or outcomes. */
const serviceClassification = (m: Mechanism) => (m === 'fixed_fee' || m === 'grant' ? 'contract-payments' : 'outcome-payments');

const operational = (basis: EntryBasis, occurredOn: string, amount: Decimal.Value, classification: string, description: string): EventEntry => ({
  basis,
  occurredOn,
  amount: new Decimal(amount).toFixed(2),
  bearer: 'authority',
  type: 'purchased',
  phase: 'operational',
  classification,
  hours: null,
  hourlyRate: null,
  description: description.slice(0, 500),
});

/** A payment recorded paid on `paidOn`. */
export function paymentEntry(p: { kind: 'fixed_fee' | 'outcome' | 'deduction' | 'change_fee'; amount: string; label: string }, paidOn: string): EventEntry {
  const outcome = p.kind === 'outcome' || p.kind === 'deduction';
  const amount = p.kind === 'deduction' ? new Decimal(p.amount).negated() : p.amount;
  return operational('actual', paidOn, amount, outcome ? 'outcome-payments' : 'contract-payments', p.label);
}

/** A contract signed on `signedOn`: its value at award, committed. */
export const signatureEntry = (c: { awardedValue: string; paymentMechanism: Mechanism }, signedOn: string): EventEntry =>
  operational('committed', signedOn, c.awardedValue, serviceClassification(c.paymentMechanism), 'Contract signed: value at award');

/** A variation or an extension signed: what it moved the value by, committed. */
export function changeEntry(
  c: { paymentMechanism: Mechanism },
  ch: { kind: 'variation' | 'extension'; sequence: number; signedOn: string; valueChange: string; valueBefore: string; valueAfter: string },
): EventEntry {
  const name = `${ch.kind === 'extension' ? 'Extension' : 'Variation'} ${ch.sequence} signed`;
  return operational(
    'committed',
    ch.signedOn,
    ch.valueChange,
    serviceClassification(c.paymentMechanism),
    `${name}: value ${ch.valueBefore} to ${ch.valueAfter}`,
  );
}
