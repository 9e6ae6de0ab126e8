import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Publication } from '#jobs';
import { In, IsNull, Not } from 'typeorm';
import { Authority, providerNames } from '#auth';
import { BidSubmission } from '#bids';
import { type AwardMade, AwardHooks } from '#evaluation';
import { isCalendarDate, londonToday } from '#kernel';
import { AuditLog, newId, notFound, type Principal, RequestDb, validationProblem, conflictProblem, updateAtVersion } from '#platform';
import { Tender } from '#tendering';
import { Commitments, commitmentView } from '../commitments/commitments.service.js';
import { activationProblems, canMove, type ContractStatus, type ContractTerms, isHighRisk, termsAtAward, termsProblems } from './contract-rules.js';
import type { ActivationDto, RiskAcceptanceDto, TerminationDto, TermsDto } from './contract.dto.js';
import { Contract } from './contract.entity.js';
import { requirePerson } from './person-required.problem.js';
import { OutcomeMetric } from '../outcomes/outcome.entities.js';
import { ContractKpi } from '../kpis/kpi.entities.js';
import { ContractLedger } from '../ledger/contract-ledger.port.js';
import { Payments } from '../payments/payments.service.js';

/** A contract as the API and the pages show it. */
export const contractView = (c: Contract, providerName: string | null) => ({
  id: c.id,
  reference: c.reference,
  title: c.title,
  tenderId: c.tenderId,
  bidId: c.bidId,
  lotKey: c.lotKey,
  provider: { id: c.providerId, name: providerName },
  status: c.status,
  awardedValue: c.awardedValue,
  value: c.value,
  currency: c.currency,
  startsOn: c.startsOn,
  endsOn: c.endsOn,
  extensionOptions: c.extensionOptions,
  tag: c.tag,
  paymentMechanism: c.paymentMechanism,
  highRisk: isHighRisk(c.paymentMechanism),
  minimumFixedFee: c.minimumFixedFee,
  kpiExemptionReason: c.kpiExemptionReason,
  riskAcceptance: c.riskAcceptedBy ? { by: c.riskAcceptedBy, at: c.riskAcceptedAt!.toISOString(), note: c.riskNote } : null,
  activated: c.activatedAt ? { by: c.activatedBy, at: c.activatedAt.toISOString() } : null,
  termination: c.terminatedOn ? { on: c.terminatedOn, reason: c.terminationReason } : null,
  awardedAt: c.awardedAt.toISOString(),
  version: c.version,
});

export type ContractView = ReturnType<typeof contractView>;

/**
 * Contracts after award (docs/domain.md section 6; issue 14). The award makes one per winning bid in its
 * own transaction (through AwardHooks); the contract manager sets the terms while it is pending, a second
 * person accepts the risk of payment by results, and activation (signature) checks the law's rules. Every
 * change is audited. The database shows an authority its own contracts and a provider the ones it holds.
 */
@Injectable()
export class Contracts implements OnModuleInit {
  constructor(
    private readonly db: RequestDb,
    private readonly audit: AuditLog,
    private readonly hooks: AwardHooks,
    private readonly commitments: Commitments,
    private readonly payments: Payments,
    private readonly ledger: ContractLedger,
    private readonly publication: Publication,
  ) {}

  onModuleInit(): void {
    this.hooks.register('contracts.contract', (award) => this.openAtAward(award));
  }

  /** One pending contract per winning bid, with the terms an award gives (the contract manager completes them). */
  private async openAtAward(award: AwardMade): Promise<void> {
    const em = this.db.manager;
    if (!award.winningBidIds.length) return;
    const tender = await em.findOneOrFail(Tender, { where: { id: award.tenderId } });
    const bids = await em.find(BidSubmission, { where: { id: In(award.winningBidIds), tenderId: award.tenderId }, order: { lotKey: 'ASC' } });
    const awardedOn = londonToday(award.at);
    for (const bid of bids) {
      const terms = termsAtAward(bid, awardedOn);
      const row = contractRow(tender, bid, terms, award.at, bids.length > 1);
      await em.insert(Contract, row);
      await this.audit.record({
        action: 'contract.created',
        entityType: 'contract',
        entityId: row.id,
        data: { tenderId: tender.id, bidId: bid.id, awardedValue: terms.awardedValue },
      });
    }
  }

  /** A page of the authority's contracts in reference order, with the id to ask for the next page after (null on the last). */
  async list(query: { limit: number; after?: string; status?: ContractStatus } = { limit: 100 }) {
    const qb = this.db.manager
      .createQueryBuilder(Contract, 'c')
      .orderBy('c.reference', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .take(query.limit + 1);
    if (query.status) qb.andWhere('c.status = :status', { status: query.status });
    if (query.after) {
      const from = await this.db.manager.findOne(Contract, { where: { id: query.after }, select: { id: true, reference: true } });
      if (!from) throw validationProblem([{ field: 'after', rule: 'exists', message: 'after must be the id of one of your contracts' }]);
      qb.andWhere('(c.reference, c.id) > (:reference, :id)', { reference: from.reference, id: from.id });
    }
    const rows = await qb.getMany();
    const page = rows.slice(0, query.limit);
    const names = await providerNames(
      this.db.manager,
      page.map((r) => r.providerId),
    );
    return { items: page.map((c) => contractView(c, names.get(c.providerId) ?? null)), next: rows.length > query.limit ? page.at(-1)!.id : null };
  }

  async one(id: string) {
    const c = await this.find(id);
    const names = await providerNames(this.db.manager, [c.providerId]);
    const commitments = (await this.commitments.forTender(c.tenderId)).filter((x) => x.bidId === c.bidId);
    return { ...contractView(c, names.get(c.providerId) ?? null), commitments: commitments.map(commitmentView) };
  }

  /** A provider's contracts at every authority, with the authority's name. */
  async mine() {
    const rows = await this.db.manager.find(Contract, { order: { awardedAt: 'DESC' } });
    const tenants = [...new Set(rows.map((r) => r.tenantId))];
    const authorities = new Map(
      (tenants.length ? await this.db.manager.find(Authority, { where: { id: In(tenants) }, select: { id: true, name: true } }) : []).map((a) => [
        a.id,
        a.name,
      ]),
    );
    return rows.map((c) => ({ ...contractView(c, null), authority: { id: c.tenantId, name: authorities.get(c.tenantId) ?? null } }));
  }

  /** One of a provider's contracts, with the commitments it binds the provider to. */
  async mineOne(id: string) {
    const c = await this.find(id);
    const commitments = (await this.commitments.mine(c.tenderId)).filter((x) => x.bidId === c.bidId);
    return { ...contractView(c, null), commitments: commitments.map(commitmentView) };
  }

  async updateTerms(id: string, dto: TermsDto, principal: Principal) {
    const c = await this.pending(id, dto.version);
    const terms: ContractTerms = {
      awardedValue: c.awardedValue,
      startsOn: dto.startsOn ?? c.startsOn,
      endsOn: dto.endsOn ?? c.endsOn,
      tag: dto.tag ?? c.tag,
      paymentMechanism: dto.paymentMechanism ?? c.paymentMechanism,
      minimumFixedFee: dto.minimumFixedFee === undefined ? c.minimumFixedFee : dto.minimumFixedFee,
      extensionOptions: dto.extensionOptions ?? c.extensionOptions,
    };
    const problems = termsProblems(terms);
    if (problems.length) throw validationProblem(problems);
    // A change of payment mechanism asks for the risk to be accepted again.
    const risk = terms.paymentMechanism === c.paymentMechanism ? {} : { riskAcceptedBy: null, riskAcceptedAt: null, riskNote: null };
    const kpiExemptionReason = dto.kpiExemptionReason === undefined ? c.kpiExemptionReason : dto.kpiExemptionReason?.trim() || null;
    await this.save(c, { ...terms, ...risk, kpiExemptionReason });
    await this.audit.record({ action: 'contract.terms', entityType: 'contract', entityId: id, data: { ...terms, kpiExemptionReason, by: principal.userId } });
    return this.one(id);
  }

  async acceptRisk(id: string, dto: RiskAcceptanceDto, principal: Principal) {
    const c = await this.pending(id, dto.version);
    // Accepting the risk is a person's decision, on the record under their name: never a system's (asked once the contract is known, so another authority's stays a 404).
    requirePerson(principal, 'accept the risk');
    if (!isHighRisk(c.paymentMechanism))
      throw conflictProblem('no-risk-to-accept', 'Nothing to accept', 'Only a contract paid by results alone needs its risk accepted', {
        paymentMechanism: c.paymentMechanism,
      });
    await this.save(c, { riskAcceptedBy: principal.userId!, riskAcceptedAt: new Date(), riskNote: dto.note.trim() });
    await this.audit.record({ action: 'contract.risk-accepted', entityType: 'contract', entityId: id, data: { note: dto.note.trim() } });
    return this.one(id);
  }

  async activate(id: string, dto: ActivationDto, principal: Principal) {
    const c = await this.pending(id, dto.version);
    const kpis = await this.db.manager.count(ContractKpi, { where: { contractId: c.id } });
    const pricedMetrics = await this.db.manager.count(OutcomeMetric, { where: { contractId: c.id, pricePerUnit: Not(IsNull()) } });
    const problems = activationProblems({
      awardedValue: c.awardedValue,
      paymentMechanism: c.paymentMechanism,
      kpis,
      kpiExemptionReason: c.kpiExemptionReason,
      minimumFixedFee: c.minimumFixedFee,
      pricedMetrics,
      riskAcceptedBy: c.riskAcceptedBy,
      activatedBy: principal.userId!,
    });
    if (problems.length)
      throw conflictProblem('cannot-activate', 'The contract cannot be activated yet', problems.map((p) => p.message).join('. '), { problems });
    await this.save(c, { status: 'active', activatedBy: principal.userId!, activatedAt: new Date() });
    // The fixed fee's instalments are scheduled with the signature, in its transaction.
    await this.payments.scheduleFixedFee(c);
    await this.ledger.contractSigned(c, londonToday());
    await this.audit.record({ action: 'contract.activated', entityType: 'contract', entityId: id, data: { startsOn: c.startsOn, endsOn: c.endsOn } });
    await this.publication.processChanged(c.tenderId);
    return this.one(id);
  }

  async terminate(id: string, dto: TerminationDto, principal: Principal) {
    const c = await this.atVersion(id, dto.version);
    if (!canMove(c.status, 'terminated'))
      throw conflictProblem('contract-ended', 'The contract has ended', `This contract is ${c.status}: it cannot be terminated`, { contractStatus: c.status });
    if (!isCalendarDate(dto.on)) throw validationProblem([{ field: 'on', rule: 'date', message: 'on must be a calendar date, YYYY-MM-DD' }]);
    if (dto.on < c.startsOn || dto.on > c.endsOn)
      throw validationProblem([{ field: 'on', rule: 'within-period', message: `on must fall within the contract's period, ${c.startsOn} to ${c.endsOn}` }]);
    await this.save(c, { status: 'terminated', terminatedOn: dto.on, terminationReason: dto.reason.trim() });
    await this.audit.record({
      action: 'contract.terminated',
      entityType: 'contract',
      entityId: id,
      data: { on: dto.on, reason: dto.reason.trim(), by: principal.userId },
    });
    await this.publication.processChanged(c.tenderId);
    return this.one(id);
  }

  /** The contract, if the caller may see it (another authority's, or another provider's, is not found). */
  async find(id: string): Promise<Contract> {
    const c = await this.db.manager.findOne(Contract, { where: { id } });
    if (!c) throw notFound('Contract');
    return c;
  }

  /** The contract as the caller read it: a change made on an older version is refused, never applied over a newer one. */
  private async atVersion(id: string, version: number): Promise<Contract> {
    const c = await this.find(id);
    if (version !== c.version) throw this.stale(c);
    return c;
  }

  private async pending(id: string, version: number): Promise<Contract> {
    const c = await this.atVersion(id, version);
    if (c.status !== 'pending')
      throw conflictProblem('contract-not-pending', 'The contract is signed', `This contract is ${c.status}: its terms change only by a variation`, {
        contractStatus: c.status,
      });
    return c;
  }

  private stale(c: Contract) {
    return conflictProblem(
      'version-conflict',
      'Someone changed this contract',
      'The contract was changed since you read it: read it again and make your change on the new version',
      {
        version: c.version,
      },
    );
  }

  /** Writes the change only if nobody else has since (the version column), so two editors never overwrite each other silently. */
  private async save(c: Contract, change: Partial<Contract>): Promise<void> {
    // Someone changed it between our read and this write: tell the caller the version that is there now.
    if (!(await updateAtVersion(this.db.manager, Contract, c, change))) throw this.stale(await this.find(c.id));
  }
}

/** The row an award makes for one winning bid (the demo makes its contracts the same way). */
export function contractRow(
  tender: Pick<Tender, 'id' | 'tenantId' | 'reference' | 'title' | 'currency'>,
  bid: Pick<BidSubmission, 'id' | 'providerId' | 'lotKey'>,
  terms: ContractTerms,
  awardedAt: Date,
  severalLots: boolean,
): Omit<Contract, 'createdAt' | 'updatedAt' | 'version'> {
  return {
    id: newId(),
    tenantId: tender.tenantId,
    tenderId: tender.id,
    bidId: bid.id,
    providerId: bid.providerId,
    lotKey: bid.lotKey,
    reference: severalLots ? `${tender.reference}/${bid.lotKey}` : tender.reference,
    title: tender.title,
    currency: tender.currency,
    ...terms,
    // The value now: the value at award until a change is signed (the database keeps it so while pending).
    value: terms.awardedValue,
    status: 'pending',
    kpiExemptionReason: null,
    riskAcceptedBy: null,
    riskAcceptedAt: null,
    riskNote: null,
    activatedBy: null,
    activatedAt: null,
    terminatedOn: null,
    terminationReason: null,
    awardedAt,
  };
}
