import { Injectable } from '@nestjs/common';
import type { RateBand } from '#kernel';
import { AuditLog, conflictProblem, type Principal, RequestDb, validationProblem } from '#platform';
import { settingsProblems } from '../core/settings-rules.js';
import type { CostSettingsDto } from './cost-settings.dto.js';
import { ILLUSTRATIVE_SHADOW_WAGE } from '../core/coproduction.js';
import { DEFAULT_DISCOUNT_SCHEDULE, ILLUSTRATIVE_GDP_DEFLATOR } from '../core/defaults.js';
import type { DeflatorPoint } from '../core/whole-life.js';
import { CostSettings } from './cost-settings.entity.js';

export interface SettingsInForce {
  deflators: readonly DeflatorPoint[];
  discountSchedule: readonly RateBand[];
  /** `default`: the illustrative deflator and the Green Book schedule, until the authority sets its own. */
  /** Pounds an hour a volunteer's time is valued at (co-production). */
  shadowWageRate: string;
  source: 'authority' | 'default';
  version: number;
}

/** The deflator series and discount schedule the authority's figures use. */
@Injectable()
export class CostSettingsInForce {
  constructor(
    private readonly db: RequestDb,
    private readonly audit: AuditLog,
  ) {}

  async current(): Promise<SettingsInForce> {
    const row = await this.db.manager.findOne(CostSettings, { where: { tenantId: this.db.tenantId } });
    if (!row)
      return {
        deflators: ILLUSTRATIVE_GDP_DEFLATOR,
        discountSchedule: DEFAULT_DISCOUNT_SCHEDULE,
        shadowWageRate: ILLUSTRATIVE_SHADOW_WAGE,
        source: 'default',
        version: 0,
      };
    return {
      deflators: row.deflators,
      discountSchedule: row.discountSchedule,
      shadowWageRate: row.shadowWageRate ?? ILLUSTRATIVE_SHADOW_WAGE,
      source: 'authority',
      version: row.version,
    };
  }

  /** The authority's own series and schedule from now on, every figure recomputed with them; the version you read, or a conflict. */
  async update(dto: CostSettingsDto, principal: Principal): Promise<SettingsInForce> {
    const problems = settingsProblems(dto);
    if (problems.length) throw validationProblem(problems);
    const now = await this.current();
    if (dto.version !== now.version)
      throw conflictProblem('version-conflict', 'Someone changed the settings', 'The settings were changed since you read them: read them again', {
        version: now.version,
      });
    const values = {
      deflators: dto.deflators as DeflatorPoint[],
      discountSchedule: dto.discountSchedule as RateBand[],
      shadowWageRate: dto.shadowWageRate ?? null,
      updatedBy: principal.userId ?? null,
      updatedAt: new Date(),
    };
    const em = this.db.manager;
    if (now.version === 0) await em.insert(CostSettings, { tenantId: this.db.tenantId, ...values, version: 1 });
    else {
      const done = await em
        .createQueryBuilder()
        .update(CostSettings)
        .set({ ...values, version: () => 'version + 1' })
        .where('tenant_id = :t AND version = :v', { t: this.db.tenantId, v: now.version })
        .execute();
      if (!done.affected)
        throw conflictProblem('version-conflict', 'Someone changed the settings', 'The settings were changed since you read them: read them again');
    }
    await this.audit.record({
      action: 'cost.settings-changed',
      entityType: 'cost_settings',
      entityId: null,
      data: { from: now.version, deflators: values.deflators, discountSchedule: values.discountSchedule, shadowWageRate: values.shadowWageRate },
    });
    return this.current();
  }
}
