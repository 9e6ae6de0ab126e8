import { Injectable } from '@nestjs/common';
import type { RateBand } from '#kernel';
import { RequestDb } from '#platform';
import { DEFAULT_DISCOUNT_SCHEDULE, ILLUSTRATIVE_GDP_DEFLATOR } from '../core/defaults.js';
import type { DeflatorPoint } from '../core/whole-life.js';
import { CostSettings } from './cost-settings.entity.js';

export interface SettingsInForce {
  deflators: readonly DeflatorPoint[];
  discountSchedule: readonly RateBand[];
  /** `default`: the illustrative deflator and the Green Book schedule, until the authority sets its own. */
  source: 'authority' | 'default';
  version: number;
}

/** The deflator series and discount schedule the authority's figures use. */
@Injectable()
export class CostSettingsInForce {
  constructor(private readonly db: RequestDb) {}

  async current(): Promise<SettingsInForce> {
    const row = await this.db.manager.findOne(CostSettings, { where: { tenantId: this.db.tenantId } });
    if (!row) return { deflators: ILLUSTRATIVE_GDP_DEFLATOR, discountSchedule: DEFAULT_DISCOUNT_SCHEDULE, source: 'default', version: 0 };
    return { deflators: row.deflators, discountSchedule: row.discountSchedule, source: 'authority', version: row.version };
  }
}
