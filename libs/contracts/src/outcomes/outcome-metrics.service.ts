import { Injectable } from '@nestjs/common';
import { AuditLog, conflictProblem, newId, notFound, type Principal, RequestDb, sqlState, takenProblem, updateAtVersion, validationProblem } from '#platform';
import type { Contract } from '../contract/contract.entity.js';
import { Contracts } from '../contract/contracts.service.js';
import { type MetricTerms, metricProblems } from './outcome-metric-rules.js';
import type { MetricDto, MetricUpdateDto } from './outcome.dto.js';
import { OutcomeMetric } from './outcome.entities.js';

const termsOf = (m: MetricTerms | OutcomeMetric): MetricTerms => ({
  code: m.code,
  title: m.title,
  definition: m.definition,
  unit: m.unit,
  baseline: m.baseline,
  target: m.target,
  measurement: m.measurement,
  validationMethod: m.validationMethod,
  dataSource: m.dataSource,
  frequency: m.frequency,
  milestones: m.milestones,
  sharedWith: m.sharedWith,
  attributionShare: m.attributionShare,
  pricePerUnit: m.pricePerUnit,
  periodCap: m.periodCap,
  totalCap: m.totalCap,
  contextModel: m.contextModel,
});

/** A metric as the API and the pages show it. */
export const metricView = (m: OutcomeMetric) => ({ id: m.id, ...termsOf(m), version: m.version });

/**
 * A contract's outcome metrics (issue 14, item 2): part of its terms, so set while it is pending (after
 * signature an outcome changes only by a variation). Each change is made on the version it was read at.
 */
@Injectable()
export class OutcomeMetrics {
  constructor(
    private readonly db: RequestDb,
    private readonly audit: AuditLog,
    private readonly contracts: Contracts,
  ) {}

  async list(contractId: string): Promise<OutcomeMetric[]> {
    return this.db.manager.find(OutcomeMetric, { where: { contractId }, order: { code: 'ASC' } });
  }

  async create(contractId: string, dto: MetricDto, principal: Principal) {
    const c = this.pending(await this.contracts.find(contractId));
    const terms: MetricTerms = {
      ...termsOf({ ...dto, milestones: [], sharedWith: [], attributionShare: '1', pricePerUnit: null, periodCap: null, totalCap: null, contextModel: null }),
      milestones: dto.milestones ?? [],
      sharedWith: (dto.sharedWith ?? []).map((s) => s.trim()),
      attributionShare: dto.attributionShare ?? '1',
      pricePerUnit: dto.pricePerUnit ?? null,
      periodCap: dto.periodCap ?? null,
      totalCap: dto.totalCap ?? null,
      contextModel: dto.contextModel ?? null,
    };
    this.check(terms, c);
    const row = { id: newId(), tenantId: c.tenantId, contractId: c.id, ...terms, createdBy: principal.userId ?? null };
    try {
      await this.db.manager.insert(OutcomeMetric, row);
    } catch (err) {
      if (sqlState(err) === '23505') throw this.taken(terms.code);
      throw err;
    }
    await this.audit.record({ action: 'contract.metric-added', entityType: 'contract', entityId: c.id, data: { metricId: row.id, ...terms } });
    return metricView(await this.find(contractId, row.id));
  }

  async update(contractId: string, metricId: string, dto: MetricUpdateDto, principal: Principal) {
    const c = this.pending(await this.contracts.find(contractId));
    const m = await this.find(contractId, metricId);
    if (m.version !== dto.version) throw this.stale(m);
    const { version: _v, ...change } = dto;
    const terms = termsOf({ ...m, ...Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) } as OutcomeMetric);
    this.check(terms, c);
    try {
      if (!(await updateAtVersion(this.db.manager, OutcomeMetric, m, terms))) throw this.stale(await this.find(contractId, metricId));
    } catch (err) {
      if (sqlState(err) === '23505') throw this.taken(terms.code);
      throw err;
    }
    await this.audit.record({ action: 'contract.metric-changed', entityType: 'contract', entityId: c.id, data: { metricId, ...terms, by: principal.userId } });
    return metricView(await this.find(contractId, metricId));
  }

  async find(contractId: string, metricId: string): Promise<OutcomeMetric> {
    const m = await this.db.manager.findOne(OutcomeMetric, { where: { id: metricId, contractId } });
    if (!m) throw notFound('Outcome metric');
    return m;
  }

  private check(terms: MetricTerms, c: Contract) {
    const problems = metricProblems(terms, c);
    if (problems.length) throw validationProblem(problems);
  }

  private pending(c: Contract): Contract {
    if (c.status !== 'pending')
      throw conflictProblem('contract-not-pending', 'The contract is signed', `This contract is ${c.status}: its outcome metrics change only by a variation`, {
        contractStatus: c.status,
      });
    return c;
  }

  private taken(code: string) {
    return takenProblem(
      'metric-code-taken',
      'That code is taken',
      'code',
      `This contract already has an outcome metric with the code ${code}: choose another code`,
      {
        code,
      },
    );
  }

  private stale(m: OutcomeMetric) {
    return conflictProblem(
      'version-conflict',
      'Someone changed this metric',
      'The metric was changed since you read it: read it again and make your change on the new version',
      {
        version: m.version,
      },
    );
  }
}
