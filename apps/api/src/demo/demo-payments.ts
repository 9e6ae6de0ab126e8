import { type Contract, ContractPayment, fixedFeeInstalments, scheduleLine } from '#contracts';
import { addDays } from '#kernel';
import { at } from './demo-clock.js';

/** A line of a demo contract's payment schedule. */
export const paymentLine =
  (c: Contract) =>
  (over: Partial<ContractPayment>): ContractPayment =>
    ({ ...scheduleLine(c), ...over }) as ContractPayment;

/**
 * How the demo authorities settle what falls due: approved a week after, paid a fortnight after; what fell
 * due in the last month is still to approve, so the contract manager's dashboard has lines waiting.
 */
export const settledBy = (contractManager: string, today: string) => (dueOn: string) =>
  addDays(dueOn, 30) < today
    ? { status: 'paid' as const, approvedBy: contractManager, approvedAt: at(addDays(dueOn, 7)), paidOn: addDays(dueOn, 14), paidBy: contractManager }
    : {};

/** The fixed fee's quarterly instalments in arrears over the term, as the service schedules them at signature, settled so far. */
export function feeInstalments(c: Contract, fee: string, contractManager: string, today: string): ContractPayment[] {
  const line = paymentLine(c);
  const settled = settledBy(contractManager, today);
  const due = fixedFeeInstalments(fee, c.startsOn, c.endsOn);
  return due.map((i) =>
    line({
      kind: 'fixed_fee',
      number: i.number,
      label: `Fixed fee, instalment ${i.number} of ${due.length}`,
      dueOn: i.dueOn,
      amount: i.amount,
      ...settled(i.dueOn),
    }),
  );
}
