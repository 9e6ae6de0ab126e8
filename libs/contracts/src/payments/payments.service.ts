import { Injectable } from '@nestjs/common';
import { Publication } from '#jobs';
import { Decimal } from 'decimal.js';
import { addDays, londonToday } from '#kernel';
import { AuditLog, conflictProblem, newId, notFound, type Principal, RequestDb, updateAtVersion, validationProblem } from '#platform';
import { Contract } from '../contract/contract.entity.js';
import { lockContract } from '../contract/contract-lock.query.js';
import { contractOutcomeCap } from '../outcomes/outcome-metric-rules.js';
import { outcomePayment } from '../outcomes/outcome-payment.js';
import type { OutcomeMetric, OutcomeReport, OutcomeValidation } from '../outcomes/outcome.entities.js';
import type { OutcomeReview } from '../reviews/review.entities.js';
import { fixedFeeInstalments, instalments, periods } from '../outcomes/reporting-periods.js';
import type { PaymentApprovalDto, PaymentPaidDto } from './payment.dto.js';
import { requirePerson } from '../contract/person-required.problem.js';
import { ContractPayment } from './payment.entity.js';
import { approvalProblems, fixedFee, paidAsFee, paidProblems, paymentState, scheduleTotals } from './payment-rules.js';
import type { ContractChange } from '../changes/contract-change.entity.js';
import { ContractLedger } from '../ledger/contract-ledger.port.js';

/** A line of the schedule as the API and the pages show it. */
export const paymentView = (p: ContractPayment, today: string) => ({
  id: p.id,
  kind: p.kind,
  number: p.number,
  label: p.label,
  dueOn: p.dueOn,
  amount: p.amount,
  earned: p.earned,
  cappedBy: p.cappedBy,
  metricId: p.metricId,
  state: paymentState(p, today),
  approved: p.approvedAt ? { by: p.approvedBy, at: p.approvedAt.toISOString() } : null,
  paid: p.paidOn ? { on: p.paidOn, by: p.paidBy } : null,
  version: p.version,
});

/** A new line of a contract's schedule, scheduled, before its kind, amount and date are set. */
export function scheduleLine(c: Pick<Contract, 'tenantId' | 'id' | 'providerId'>) {
  return {
    id: newId(),
    tenantId: c.tenantId,
    contractId: c.id,
    providerId: c.providerId,
    earned: null,
    cappedBy: null,
    metricId: null,
    validationId: null,
    reviewId: null,
    reviewConclusion: null,
    changeId: null,
    status: 'scheduled' as const,
    approvedBy: null,
    approvedAt: null,
    paidOn: null,
    paidBy: null,
  };
}

/**
 * A contract's payment schedule (issue 14, item 3): the fixed fee's quarterly instalments, written when
 * the contract is signed, and each validated period's outcome payment, written in the validation's own
 * transaction with the cap that bit. The authority approves a line once it is due and records it paid.
 */
@Injectable()
export class Payments {
  constructor(
    private readonly db: RequestDb,
    private readonly audit: AuditLog,
    private readonly ledger: ContractLedger,
    private readonly publication: Publication,
  ) {}

  /** At signature: the fixed part of the fee in equal quarterly instalments over the term, in arrears. */
  async scheduleFixedFee(c: Contract): Promise<void> {
    const fee = fixedFee(c);
    if (fee === null || new Decimal(fee).isZero()) return;
    const due = fixedFeeInstalments(fee, c.startsOn, c.endsOn);
    await this.db.manager.insert(
      ContractPayment,
      due.map((i) => ({
        ...scheduleLine(c),
        kind: 'fixed_fee' as const,
        number: i.number,
        label: `Fixed fee, instalment ${i.number} of ${due.length}`,
        dueOn: i.dueOn,
        amount: i.amount,
      })),
    );
    await this.audit.record({
      action: 'contract.payments-scheduled',
      entityType: 'contract',
      entityId: c.id,
      data: { fixedFee: fee, instalments: due.length },
    });
  }

  /**
   * The payment a validation earns: validated units × price × attribution share, capped for the period, for the
   * metric and for the contract. The contract's row is locked first, so two validations at once never both
   * spend the same headroom under a cap. None for a metric with no price or a period with no units.
   */
  async forValidation(c: Contract, metric: OutcomeMetric, report: OutcomeReport, validation: OutcomeValidation): Promise<ContractPayment | null> {
    if (metric.pricePerUnit === null || validation.units === 0) return null;
    const em = this.db.manager;
    await lockContract(em, c);
    const [paid] = (await em.query(
      `SELECT COALESCE(sum(amount) FILTER (WHERE metric_id = $3), 0)::text AS metric, COALESCE(sum(amount), 0)::text AS contract
         FROM contract_payments WHERE tenant_id = $1 AND contract_id = $2 AND kind = 'outcome'`,
      [c.tenantId, c.id, metric.id],
    )) as { metric: string; contract: string }[];
    const p = outcomePayment({
      units: validation.units,
      pricePerUnit: metric.pricePerUnit,
      attributionShare: metric.attributionShare,
      periodCap: metric.periodCap,
      metricCap: metric.totalCap,
      paidOnMetric: paid.metric,
      // The outcome budget follows the contract's value now: a variation or an extension moves it.
      contractCap: contractOutcomeCap({ ...c, awardedValue: c.value }),
      paidOnContract: paid.contract,
    });
    const row: ContractPayment = {
      ...scheduleLine(c),
      kind: 'outcome',
      number: report.period,
      label: `${metric.code} outcomes, period ${report.period} (${report.periodStartsOn} to ${report.periodEndsOn})`,
      dueOn: londonToday(validation.validatedAt),
      amount: p.amount,
      earned: p.earned,
      cappedBy: p.cappedBy,
      metricId: metric.id,
      validationId: validation.id,
    } as ContractPayment;
    await em.insert(ContractPayment, row);
    await this.audit.record({
      action: 'contract.outcome-payment',
      entityType: 'contract',
      entityId: c.id,
      data: {
        paymentId: row.id,
        metric: metric.code,
        period: report.period,
        units: validation.units,
        earned: p.earned,
        amount: p.amount,
        cappedBy: p.cappedBy,
      },
    });
    return row;
  }

  /**
   * The deduction a review concluded with, in the conclusion's transaction: owed by the provider, taken off
   * what the authority pays. The database refuses it unless the review concluded with this amount.
   */
  async forDeduction(c: Contract, review: OutcomeReview, label: string): Promise<ContractPayment> {
    const row = {
      ...scheduleLine(c),
      kind: 'deduction' as const,
      number: review.period,
      label,
      dueOn: londonToday(),
      amount: review.deduction!,
      reviewId: review.id,
      reviewConclusion: 'deduction' as const,
    };
    await this.db.manager.insert(ContractPayment, row);
    await this.audit.record({
      action: 'contract.deduction',
      entityType: 'contract',
      entityId: c.id,
      data: { paymentId: row.id, reviewId: review.id, amount: row.amount, label },
    });
    return this.db.manager.findOneByOrFail(ContractPayment, { id: row.id });
  }

  /**
   * In a signed change's transaction: on a contract paid a fixed fee or a grant, the value the change adds,
   * in quarterly instalments in arrears: an extension's over its own quarters, a variation's over the
   * quarters of the contract still to end (or at once when none is left). A contract paying for outcomes
   * takes a change into its outcome budget instead (its value less its fixed fee), and a reduction is not
   * scheduled: none of these lines is written for either.
   */
  async forChange(c: Contract, change: ContractChange): Promise<ContractPayment[]> {
    if (!paidAsFee(c.paymentMechanism) || c.minimumFixedFee !== null || !new Decimal(change.valueChange).isPositive()) return [];
    const dueDates =
      change.kind === 'extension'
        ? periods(addDays(change.endsOnBefore!, 1), change.endsOnAfter!, 'quarterly').map((q) => q.endsOn)
        : periods(c.startsOn, change.endsOnAfter!, 'quarterly')
            .map((q) => q.endsOn)
            .filter((d) => d >= change.signedOn!);
    const name = `${change.kind === 'extension' ? 'Extension' : 'Variation'} ${change.sequence}`;
    const lines = instalments(change.valueChange, dueDates.length ? dueDates : [change.signedOn!]);
    const rows = lines.map((l) => ({
      ...scheduleLine(c),
      kind: 'change_fee' as const,
      number: l.number,
      label: `${name}, instalment ${l.number} of ${lines.length}`,
      dueOn: l.dueOn,
      amount: l.amount,
      changeId: change.id,
    }));
    await this.db.manager.insert(ContractPayment, rows);
    await this.audit.record({
      action: 'contract.payments-scheduled',
      entityType: 'contract',
      entityId: c.id,
      data: { changeId: change.id, amount: change.valueChange, instalments: rows.length },
    });
    return this.db.manager.find(ContractPayment, { where: { changeId: change.id }, order: { number: 'ASC' } });
  }

  /** The schedule of a contract the caller may see (the database shows a provider only its own). */
  async schedule(contractId: string) {
    const lines = await this.db.manager.find(ContractPayment, { where: { contractId }, order: { dueOn: 'ASC', kind: 'ASC', number: 'ASC' } });
    const today = londonToday();
    return { items: lines.map((l) => paymentView(l, today)), totals: scheduleTotals(lines) };
  }

  async approve(contractId: string, paymentId: string, dto: PaymentApprovalDto, principal: Principal) {
    const p = await this.atVersion(contractId, paymentId, dto.version);
    requirePerson(principal, 'approve a payment');
    const problems = approvalProblems(p, londonToday());
    if (problems.length)
      throw conflictProblem('payment-not-approvable', 'The payment cannot be approved', problems[0].message, {
        problems,
        state: paymentState(p, londonToday()),
      });
    await this.save(p, { status: 'approved', approvedBy: principal.userId!, approvedAt: new Date() });
    await this.audit.record({
      action: 'contract.payment-approved',
      entityType: 'contract',
      entityId: contractId,
      data: { paymentId, amount: p.amount, label: p.label },
    });
    return paymentView(await this.find(contractId, paymentId), londonToday());
  }

  async markPaid(contractId: string, paymentId: string, dto: PaymentPaidDto, principal: Principal) {
    const p = await this.atVersion(contractId, paymentId, dto.version);
    const today = londonToday();
    const problems = paidProblems({ status: p.status, approvedOn: p.approvedAt ? londonToday(p.approvedAt) : null }, dto.paidOn, today);
    if (problems.some((x) => x.field === 'paidOn')) throw validationProblem(problems);
    if (problems.length) throw conflictProblem('payment-not-payable', 'The payment cannot be recorded as paid', problems[0].message, { problems });
    // Recorded by a person, or by the finance system's API key (the audit log names which).
    await this.save(p, { status: 'paid', paidOn: dto.paidOn, paidBy: principal.userId ?? null });
    const paid = await this.find(contractId, paymentId);
    // The whole-life cost ledger's actual entry, in this transaction.
    await this.ledger.paymentPaid(await this.contract(contractId), paid);
    await this.audit.record({
      action: 'contract.payment-paid',
      entityType: 'contract',
      entityId: contractId,
      data: { paymentId, amount: p.amount, paidOn: dto.paidOn },
    });
    // A payment made is public (OCDS implementation: a transaction).
    await this.publication.processChanged((await this.contract(contractId)).tenderId);
    return paymentView(paid, today);
  }

  private async contract(id: string) {
    return this.db.manager.findOneByOrFail(Contract, { id });
  }

  private async find(contractId: string, paymentId: string) {
    const p = await this.db.manager.findOne(ContractPayment, { where: { id: paymentId, contractId } });
    if (!p) throw notFound('Payment');
    return p;
  }

  private async atVersion(contractId: string, paymentId: string, version: number) {
    const p = await this.find(contractId, paymentId);
    if (p.version !== version) throw this.stale(p);
    return p;
  }

  private async save(p: ContractPayment, change: Partial<ContractPayment>) {
    if (!(await updateAtVersion(this.db.manager, ContractPayment, p, change))) throw this.stale(await this.find(p.contractId, p.id));
  }

  private stale(p: ContractPayment) {
    return conflictProblem('version-conflict', 'Someone changed this payment', 'The payment was changed since you read it: read it again', {
      version: p.version,
    });
  }
}
