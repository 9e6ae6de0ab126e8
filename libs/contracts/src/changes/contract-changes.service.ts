import { HttpStatus, Injectable } from '@nestjs/common';
import { Publication } from '#jobs';
import { Decimal } from 'decimal.js';
import { londonToday } from '#kernel';
import {
  AuditLog,
  conflictProblem,
  newId,
  notFound,
  type Principal,
  ProblemException,
  RequestDb,
  sqlState,
  updateAtVersion,
  validationProblem,
} from '#platform';
import { PolicyPacks } from '#policy';
import type { Contract } from '../contract/contract.entity.js';
import { Contracts } from '../contract/contracts.service.js';
import { lockContract } from '../contract/contract-lock.query.js';
import { requirePerson } from '../contract/person-required.problem.js';
import { ContractLedger } from '../ledger/contract-ledger.port.js';
import { Payments, paymentView } from '../payments/payments.service.js';
import type { ChangeApprovalDto, ChangeDto, ChangeSignatureDto, ChangeWithdrawalDto } from './change.dto.js';
import { ContractChange } from './contract-change.entity.js';
import {
  CHANGE_GROUNDS,
  type ChangingContract,
  costImpact,
  extendedEnd,
  extensionProblems,
  needsApproval,
  signatureProblems,
  variationProblems,
} from './change-rules.js';

export const changeView = (ch: ContractChange, c: Pick<Contract, 'value' | 'endsOn'>) => ({
  id: ch.id,
  number: ch.sequence,
  kind: ch.kind,
  classification: ch.classification,
  ground: CHANGE_GROUNDS[ch.classification],
  rationale: ch.rationale,
  valueChange: ch.valueChange,
  newEndsOn: ch.newEndsOn,
  optionIndex: ch.optionIndex,
  status: ch.status,
  needsApproval: ch.needsApproval,
  proposed: { by: ch.proposedBy, at: ch.proposedAt.toISOString() },
  approved: ch.approvedAt ? { by: ch.approvedBy, at: ch.approvedAt.toISOString(), note: ch.approvalNote } : null,
  signed: ch.signedOn ? { on: ch.signedOn, by: ch.signedBy, at: ch.signedAt!.toISOString() } : null,
  withdrawn: ch.withdrawnAt ? { by: ch.withdrawnBy, at: ch.withdrawnAt.toISOString(), reason: ch.withdrawalReason } : null,
  // Signed: as it moved the contract. Open: what it would do to the contract as it stands.
  costImpact:
    ch.status === 'signed'
      ? { valueChange: ch.valueChange, valueBefore: ch.valueBefore!, valueAfter: ch.valueAfter!, endsOnBefore: ch.endsOnBefore!, endsOnAfter: ch.endsOnAfter! }
      : costImpact(c, ch.valueChange, ch.newEndsOn),
  version: ch.version,
});
export type ChangeView = ReturnType<typeof changeView>;

const changing = (c: Contract): ChangingContract => ({
  status: c.status,
  awardedValue: c.awardedValue,
  value: c.value,
  startsOn: c.startsOn,
  endsOn: c.endsOn,
  extensionOptions: c.extensionOptions,
  signedOn: c.activatedAt ? londonToday(c.activatedAt) : null,
});

/**
 * Variations and extensions of a signed contract (issue 14, item 7): proposed with the ground, rationale
 * and value and period change (an extension from one of the contract's options, by its decide-by date);
 * approved by a second person when it moves the value by more than the policy pack's threshold; signed on
 * a day not in the future nor before the last change, which moves the contract's value and end in the
 * same transaction (and, on a contract paid a fixed fee or a grant, schedules the value it adds); or withdrawn. One change is open at a time (the database holds it too), and every one
 * is audited with its cost impact, for the whole-life cost.
 */
@Injectable()
export class ContractChanges {
  constructor(
    private readonly db: RequestDb,
    private readonly audit: AuditLog,
    private readonly contracts: Contracts,
    private readonly policy: PolicyPacks,
    private readonly payments: Payments,
    private readonly ledger: ContractLedger,
    private readonly publication: Publication,
  ) {}

  async list(contractId: string) {
    const c = await this.contracts.find(contractId);
    const items = await this.db.manager.find(ContractChange, { where: { contractId: c.id }, order: { sequence: 'ASC' } });
    return {
      items: items.map((ch) => changeView(ch, c)),
      value: c.value,
      awardedValue: c.awardedValue,
      endsOn: c.endsOn,
      options: c.extensionOptions.map((o, index) => ({
        index,
        ...o,
        taken: items.some((ch) => ch.kind === 'extension' && ch.optionIndex === index && ch.status !== 'withdrawn'),
      })),
    };
  }

  async propose(contractId: string, dto: ChangeDto, principal: Principal) {
    const c = await this.locked(contractId);
    if (c.status !== 'active')
      throw conflictProblem(
        'contract-not-active',
        'The contract is not running',
        c.status === 'pending' ? 'A pending contract’s terms are set directly; changes come once it is signed' : `This contract is ${c.status}`,
        { contractStatus: c.status },
      );
    const items = await this.db.manager.find(ContractChange, { where: { contractId: c.id }, order: { sequence: 'ASC' } });
    const open = items.find((ch) => ch.status === 'proposed' || ch.status === 'approved');
    if (open)
      throw conflictProblem('change-open', 'Another change is open', `Change ${open.sequence} is ${open.status}: sign or withdraw it first`, {
        changeId: open.id,
      });
    const today = londonToday();
    let change: Pick<ContractChange, 'classification' | 'valueChange' | 'newEndsOn' | 'optionIndex'>;
    if (dto.kind === 'extension') {
      const exercised = items.filter((ch) => ch.kind === 'extension' && ch.status !== 'withdrawn').map((ch) => ch.optionIndex!);
      const problems = extensionProblems(changing(c), dto.optionIndex!, exercised, today);
      if (problems.length) throw validationProblem(problems);
      const option = c.extensionOptions[dto.optionIndex!];
      change = {
        classification: 'provided_for',
        valueChange: new Decimal(option.value).toFixed(2),
        newEndsOn: extendedEnd(c.endsOn, option.months),
        optionIndex: dto.optionIndex!,
      };
    } else {
      const moved = items.filter((ch) => ch.status === 'signed').reduce((s, ch) => s.plus(new Decimal(ch.valueChange).abs()), new Decimal(0));
      const v = { classification: dto.classification!, valueChange: dto.valueChange!, newEndsOn: dto.newEndsOn };
      const problems = variationProblems(changing(c), v, moved.toFixed(2));
      if (problems.length) throw validationProblem(problems);
      change = {
        classification: v.classification as ContractChange['classification'],
        valueChange: new Decimal(v.valueChange).toFixed(2),
        newEndsOn: v.newEndsOn ?? null,
        optionIndex: null,
      };
    }
    const { pack } = await this.policy.inForce();
    const row: ContractChange = {
      id: newId(),
      tenantId: c.tenantId,
      contractId: c.id,
      providerId: c.providerId,
      sequence: items.length + 1,
      kind: dto.kind,
      ...change,
      rationale: dto.rationale.trim(),
      needsApproval: needsApproval(change.valueChange, pack.variationApprovalAbove),
      status: 'proposed',
      proposedBy: principal.userId ?? null,
      proposedAt: new Date(),
      approvedBy: null,
      approvedAt: null,
      approvalNote: null,
      signedOn: null,
      signedBy: null,
      signedAt: null,
      valueBefore: null,
      valueAfter: null,
      endsOnBefore: null,
      endsOnAfter: null,
      withdrawnBy: null,
      withdrawnAt: null,
      withdrawalReason: null,
      updatedAt: new Date(),
      version: 1,
    };
    if (!row.rationale) throw validationProblem([{ field: 'rationale', rule: 'required', message: 'rationale is required: say why the contract changes' }]);
    try {
      await this.db.manager.insert(ContractChange, row);
    } catch (err) {
      if (sqlState(err) === '23505') throw conflictProblem('change-open', 'Another change is open', 'Someone proposed a change to this contract a moment ago');
      throw err;
    }
    await this.audit.record({
      action: 'contract.change-proposed',
      entityType: 'contract',
      entityId: c.id,
      data: {
        changeId: row.id,
        number: row.sequence,
        kind: row.kind,
        classification: row.classification,
        valueChange: row.valueChange,
        newEndsOn: row.newEndsOn,
        needsApproval: row.needsApproval,
      },
    });
    return changeView(row, c);
  }

  async approve(contractId: string, changeId: string, dto: ChangeApprovalDto, principal: Principal) {
    const c = await this.locked(contractId);
    requirePerson(principal, 'approve a contract change');
    const ch = await this.atVersion(c.id, changeId, dto.version);
    if (ch.status !== 'proposed')
      throw conflictProblem('change-not-proposed', 'Nothing to approve', `This change is ${ch.status}`, { changeStatus: ch.status });
    if (!ch.needsApproval)
      throw conflictProblem(
        'approval-not-needed',
        'No approval is needed',
        'This change moves the value by no more than the policy threshold: it is signed as it is',
      );
    if (ch.proposedBy === principal.userId)
      throw new ProblemException(
        HttpStatus.FORBIDDEN,
        'second-person-required',
        'You proposed this change',
        'Approval must come from a second person: the person who proposed a change cannot also approve it',
      );
    const note = dto.note?.trim() || null;
    await this.save(ch, { status: 'approved', approvedBy: principal.userId, approvedAt: new Date(), approvalNote: note });
    await this.audit.record({ action: 'contract.change-approved', entityType: 'contract', entityId: c.id, data: { changeId: ch.id, note } });
    return changeView(await this.find(c.id, ch.id), c);
  }

  /** Signs the change and moves the contract's value and end with it, in one transaction. */
  async sign(contractId: string, changeId: string, dto: ChangeSignatureDto, principal: Principal) {
    const c = await this.locked(contractId);
    const ch = await this.atVersion(c.id, changeId, dto.version);
    if (ch.status !== 'proposed' && ch.status !== 'approved')
      throw conflictProblem('change-not-open', 'The change is settled', `This change is ${ch.status}`, { changeStatus: ch.status });
    if (c.status !== 'active')
      throw conflictProblem('contract-not-active', 'The contract is not running', `This contract is ${c.status}`, { contractStatus: c.status });
    const last = await this.db.manager.findOne(ContractChange, { where: { contractId: c.id, status: 'signed' }, order: { signedOn: 'DESC' } });
    const problems = signatureProblems(
      {
        kind: ch.kind,
        status: ch.status,
        needsApproval: ch.needsApproval,
        decideBy: ch.optionIndex === null ? null : (c.extensionOptions[ch.optionIndex]?.decideBy ?? null),
      },
      dto.signedOn,
      { today: londonToday(), contractSignedOn: changing(c).signedOn, lastSignedOn: last?.signedOn ?? null },
    );
    const approval = problems.find((p) => p.rule === 'approval-required');
    if (approval) throw conflictProblem('approval-required', 'A second person approves first', approval.message);
    if (problems.length) throw validationProblem(problems);
    const impact = costImpact(c, ch.valueChange, ch.newEndsOn);
    if (new Decimal(impact.valueAfter).isNegative())
      throw validationProblem([
        { field: 'form', rule: 'value-not-negative', message: `The contract is worth ${c.value} now: this change would take it below nothing` },
      ]);
    await this.save(ch, {
      status: 'signed',
      signedOn: dto.signedOn,
      signedBy: principal.userId ?? null,
      signedAt: new Date(),
      valueBefore: impact.valueBefore,
      valueAfter: impact.valueAfter,
      endsOnBefore: impact.endsOnBefore,
      endsOnAfter: impact.endsOnAfter,
    });
    await this.db.manager.query(
      `UPDATE contracts SET value = $3, ends_on = $4, version = version + 1, updated_at = clock_timestamp() WHERE tenant_id = $1 AND id = $2`,
      [c.tenantId, c.id, impact.valueAfter, impact.endsOnAfter],
    );
    const signed = await this.find(c.id, ch.id);
    const fees = await this.payments.forChange(c, signed);
    await this.ledger.changeSigned(c, signed);
    await this.audit.record({
      action: ch.kind === 'extension' ? 'contract.extended' : 'contract.varied',
      entityType: 'contract',
      entityId: c.id,
      data: { changeId: ch.id, number: ch.sequence, classification: ch.classification, signedOn: dto.signedOn, ...impact, feeInstalments: fees.length },
    });
    await this.publication.processChanged(c.tenderId);
    return { ...changeView(signed, c), fees: fees.map((f) => paymentView(f, londonToday())) };
  }

  async withdraw(contractId: string, changeId: string, dto: ChangeWithdrawalDto, principal: Principal) {
    const c = await this.locked(contractId);
    const ch = await this.atVersion(c.id, changeId, dto.version);
    if (ch.status !== 'proposed' && ch.status !== 'approved')
      throw conflictProblem('change-not-open', 'The change is settled', `This change is ${ch.status}`, { changeStatus: ch.status });
    const reason = dto.reason.trim();
    if (!reason) throw validationProblem([{ field: 'reason', rule: 'required', message: 'reason is required: say why the change is withdrawn' }]);
    await this.save(ch, { status: 'withdrawn', withdrawnBy: principal.userId ?? null, withdrawnAt: new Date(), withdrawalReason: reason });
    await this.audit.record({ action: 'contract.change-withdrawn', entityType: 'contract', entityId: c.id, data: { changeId: ch.id, reason } });
    return changeView(await this.find(c.id, ch.id), c);
  }

  /** The contract, its row locked: changes to one contract are made one at a time, each reading what the last one left. */
  private async locked(contractId: string): Promise<Contract> {
    const c = await this.contracts.find(contractId);
    await lockContract(this.db.manager, c);
    return this.contracts.find(c.id);
  }

  private async find(contractId: string, changeId: string) {
    const ch = await this.db.manager.findOne(ContractChange, { where: { id: changeId, contractId } });
    if (!ch) throw notFound('Change');
    return ch;
  }

  private async atVersion(contractId: string, changeId: string, version: number) {
    const ch = await this.find(contractId, changeId);
    if (ch.version !== version) throw stale(ch);
    return ch;
  }

  private async save(ch: ContractChange, change: Partial<ContractChange>) {
    if (!(await updateAtVersion(this.db.manager, ContractChange, ch, change))) throw stale(await this.find(ch.contractId, ch.id));
  }
}

const stale = (ch: ContractChange) =>
  conflictProblem('version-conflict', 'Someone changed this change', 'The change was changed since you read it: read it again', { version: ch.version });
