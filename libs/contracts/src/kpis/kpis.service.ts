import { Injectable } from '@nestjs/common';
import { Publication } from '#jobs';
import { In } from 'typeorm';
import { londonToday } from '#kernel';
import { AuditLog, conflictProblem, newId, notFound, type Principal, RequestDb, sqlState, takenProblem, validationProblem } from '#platform';
import { Contracts } from '../contract/contracts.service.js';
import type { KpiDto, KpiMeasurementDto } from './kpi.dto.js';
import { ContractKpi, KpiMeasurement } from './kpi.entities.js';
import { kpiRating, OCDS_RATING, RATING_NAMES, thresholdProblems } from './kpi-rules.js';

const measurementView = (m: KpiMeasurement) => ({
  id: m.id,
  periodEndsOn: m.periodEndsOn,
  value: m.value,
  rating: m.rating,
  ratingName: RATING_NAMES[m.rating],
  ocdsRating: OCDS_RATING[m.rating],
  note: m.note,
  recordedAt: m.recordedAt.toISOString(),
});

/**
 * A contract's KPIs (issue 14, item 5; Procurement Act 2023 s.52): set with the terms while the contract is
 * pending (a contract above £5m is signed with three, or a recorded exemption); each measurement is rated
 * against the KPI's thresholds when recorded, and the rating kept with its OCDS mapping.
 */
@Injectable()
export class Kpis {
  constructor(
    private readonly db: RequestDb,
    private readonly audit: AuditLog,
    private readonly contracts: Contracts,
    private readonly publication: Publication,
  ) {}

  /** A contract's KPIs with every measurement, newest last, for a caller who may see it. */
  async list(contractId: string) {
    const c = await this.contracts.find(contractId);
    const kpis = await this.db.manager.find(ContractKpi, { where: { contractId: c.id }, order: { code: 'ASC' } });
    const measurements = kpis.length
      ? await this.db.manager.find(KpiMeasurement, { where: { kpiId: In(kpis.map((k) => k.id)) }, order: { periodEndsOn: 'ASC', recordedAt: 'ASC' } })
      : [];
    return {
      items: kpis.map((k) => {
        const mine = measurements.filter((m) => m.kpiId === k.id).map(measurementView);
        return {
          id: k.id,
          code: k.code,
          title: k.title,
          unit: k.unit,
          direction: k.direction,
          thresholds: { good: k.good, approaching: k.approaching, requiresImprovement: k.requiresImprovement },
          measurements: mine,
          latest: mine.at(-1) ?? null,
          version: k.version,
        };
      }),
    };
  }

  async add(contractId: string, dto: KpiDto, principal: Principal) {
    const c = await this.contracts.find(contractId);
    if (c.status !== 'pending')
      throw conflictProblem('contract-not-pending', 'The contract is signed', `This contract is ${c.status}: its KPIs change only by a variation`, {
        contractStatus: c.status,
      });
    const problems = thresholdProblems(dto);
    if (problems.length) throw validationProblem(problems);
    const row = {
      id: newId(),
      tenantId: c.tenantId,
      contractId: c.id,
      ...dto,
      title: dto.title.trim(),
      unit: dto.unit.trim(),
      createdBy: principal.userId ?? null,
    };
    try {
      await this.db.manager.insert(ContractKpi, row);
    } catch (err) {
      if (sqlState(err) === '23505')
        throw takenProblem('kpi-code-taken', 'That code is taken', 'code', `This contract already has a KPI with the code ${dto.code}: choose another code`, {
          code: dto.code,
        });
      throw err;
    }
    await this.audit.record({ action: 'contract.kpi-added', entityType: 'contract', entityId: c.id, data: { kpiId: row.id, ...dto } });
    return (await this.list(c.id)).items.find((k) => k.id === row.id)!;
  }

  async measure(contractId: string, kpiId: string, dto: KpiMeasurementDto, principal: Principal) {
    const c = await this.contracts.find(contractId);
    const kpi = await this.db.manager.findOne(ContractKpi, { where: { id: kpiId, contractId: c.id } });
    if (!kpi) throw notFound('KPI');
    if (c.status === 'pending')
      throw conflictProblem('contract-not-active', 'The contract is not running', 'A KPI is measured once the contract is signed', {
        contractStatus: c.status,
      });
    if (dto.periodEndsOn < c.startsOn || dto.periodEndsOn > londonToday())
      throw validationProblem([
        { field: 'periodEndsOn', rule: 'within-period', message: `periodEndsOn must fall between the contract's start, ${c.startsOn}, and today` },
      ]);
    const row: KpiMeasurement = {
      id: newId(),
      tenantId: c.tenantId,
      kpiId: kpi.id,
      contractId: c.id,
      providerId: c.providerId,
      periodEndsOn: dto.periodEndsOn,
      value: dto.value,
      rating: kpiRating(kpi, dto.value),
      note: dto.note?.trim() || null,
      recordedBy: principal.userId ?? null,
      recordedAt: new Date(),
    };
    await this.db.manager.insert(KpiMeasurement, row);
    await this.audit.record({
      action: 'contract.kpi-measured',
      entityType: 'contract',
      entityId: c.id,
      data: { kpi: kpi.code, periodEndsOn: row.periodEndsOn, value: row.value, rating: row.rating },
    });
    await this.publication.processChanged(c.tenderId);
    return measurementView(row);
  }
}
