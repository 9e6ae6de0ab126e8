import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { RequestDb } from '#platform';
import { completePack, DEFAULT_POLICY_PACK, type PolicyPack } from './policy-pack.js';
import { PolicyPackVersion } from './policy-pack.entity.js';

export interface PolicyInForce {
  version: number;
  pack: PolicyPack;
}

/** The request authority's policy pack in force: its latest adopted version, or the built-in version 0. */
@Injectable()
export class PolicyPacks {
  constructor(private readonly db: RequestDb) {}

  latest(em: EntityManager = this.db.manager): Promise<PolicyPackVersion | null> {
    return em.getRepository(PolicyPackVersion).createQueryBuilder('p').orderBy('p.version', 'DESC').limit(1).getOne();
  }

  async inForce(em: EntityManager = this.db.manager): Promise<PolicyInForce> {
    const row = await this.latest(em);
    return row ? { version: row.version, pack: completePack(row.pack) } : { version: 0, pack: DEFAULT_POLICY_PACK };
  }
}
