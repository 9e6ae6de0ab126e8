import { Decimal } from 'decimal.js';
import type { PaymentMechanism, Problem } from '../contract/contract-rules.js';

/**
 * A contract's payment schedule (issue 14, item 3): each line is scheduled, becomes due on its date, is
 * approved by the authority, then paid. Pure.
 */
/** A deduction is owed by the provider: it is taken off what the authority pays. A change fee is what a signed change adds to a fixed fee or grant. */
export const PAYMENT_KINDS = ['fixed_fee', 'outcome', 'deduction', 'change_fee'] as const;
export type PaymentKind = (typeof PAYMENT_KINDS)[number];
export const PAYMENT_STATUSES = ['scheduled', 'approved', 'paid'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** Whether the whole of a contract's value is paid as a fee in instalments (a fixed fee or a grant, with no outcome payments on top). */
export const paidAsFee = (m: PaymentMechanism) => m === 'fixed_fee' || m === 'grant';

/** The fixed part of a contract's fee, paid in instalments: the minimum fixed fee where there is one, else the whole value of a fixed fee or a grant. */
export function fixedFee(c: { paymentMechanism: PaymentMechanism; awardedValue: string; minimumFixedFee: string | null }): string | null {
  if (c.minimumFixedFee !== null) return c.minimumFixedFee;
  return paidAsFee(c.paymentMechanism) ? c.awardedValue : null;
}

/** Where a line stands as people read it: scheduled lines become due on their date. */
export const paymentState = (p: { status: PaymentStatus; dueOn: string }, today: string) =>
  p.status === 'scheduled' ? (p.dueOn <= today ? 'due' : 'scheduled') : p.status;

/** Why a line cannot be approved now; [] when it can. */
export function approvalProblems(p: { status: PaymentStatus; dueOn: string }, today: string): Problem[] {
  if (p.status !== 'scheduled') return [{ field: 'status', rule: 'already-approved', message: `This payment is ${p.status} already` }];
  if (p.dueOn > today) return [{ field: 'dueOn', rule: 'not-yet-due', message: `This payment is not due until ${p.dueOn}` }];
  return [];
}

/** Why a line cannot be recorded as paid on `paidOn`; [] when it can. */
export function paidProblems(p: { status: PaymentStatus; approvedOn: string | null }, paidOn: string, today: string): Problem[] {
  if (p.status === 'paid') return [{ field: 'status', rule: 'already-paid', message: 'This payment is recorded as paid already' }];
  if (p.status !== 'approved') return [{ field: 'status', rule: 'approval-required', message: 'A payment is approved before it is paid' }];
  if (paidOn > today) return [{ field: 'paidOn', rule: 'not-in-future', message: 'paidOn cannot be in the future' }];
  if (p.approvedOn && paidOn < p.approvedOn)
    return [{ field: 'paidOn', rule: 'after-approval', message: `paidOn cannot be before the approval, ${p.approvedOn}` }];
  return [];
}

const net = (lines: readonly { kind: PaymentKind; amount: string }[]) =>
  lines.reduce((s, l) => (l.kind === 'deduction' ? s.minus(l.amount) : s.plus(l.amount)), new Decimal(0)).toFixed(2);

/** The schedule's totals by kind and, net of deductions, by state, to the penny. */
export function scheduleTotals(lines: readonly { kind: PaymentKind; amount: string; status: PaymentStatus }[]) {
  const sum = (f: (l: (typeof lines)[number]) => boolean) =>
    lines
      .filter(f)
      .reduce((s, l) => s.plus(l.amount), new Decimal(0))
      .toFixed(2);
  return {
    fixedFee: sum((l) => l.kind === 'fixed_fee'),
    outcomes: sum((l) => l.kind === 'outcome'),
    deductions: sum((l) => l.kind === 'deduction'),
    changes: sum((l) => l.kind === 'change_fee'),
    /** What the authority pays net of deductions: each state's payments less its deductions. */
    approved: net(lines.filter((l) => l.status === 'approved')),
    paid: net(lines.filter((l) => l.status === 'paid')),
    net: net(lines),
  };
}
