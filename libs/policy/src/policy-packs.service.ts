import { HttpStatus, Injectable } from '@nestjs/common';
import { AuditLog, newId, type Principal, ProblemException, RequestDb } from '#platform';
import { completePack, DEFAULT_POLICY_PACK, type PolicyPack } from './policy-pack.js';
import { PolicyPackVersion } from './policy-pack.entity.js';

export interface PolicyInForce {
  version: number;
  pack: PolicyPack;
}

/** The request authority's policy pack in force: its latest adopted version, or the built-in version 0. */
const stale = (edited: unknown, current: number) =>
  new ProblemException(
    HttpStatus.CONFLICT,
    'stale-version',
    'Someone changed the policy pack first',
    `You edited version ${String(edited)}, but version ${current} is now in force. Reload it, reapply your changes and send again.`,
    { currentVersion: current },
  );

@Injectable()
export class PolicyPacks {
  constructor(
    private readonly db: RequestDb,
    private readonly audit: AuditLog,
  ) {}

  /**
   * Adopts a checked pack as the next version, only from the version in force
   * (an edit of an older one is a 409 naming the current version).
   */
  async adopt(basedOnVersion: number, pack: PolicyPack, principal: Principal): Promise<PolicyPackVersion> {
    const current = (await this.latest())?.version ?? 0;
    if (basedOnVersion !== current) throw stale(basedOnVersion, current);
    const row: PolicyPackVersion = {
      id: newId(),
      tenantId: this.db.tenantId,
      version: current + 1,
      pack,
      createdBy: principal.userId ?? null,
      createdAt: new Date(),
    };
    try {
      await this.db.manager.insert(PolicyPackVersion, row);
    } catch (err) {
      // Two admins adopting from the same version at once: the unique (authority, version) key lets one win.
      if ((err as { driverError?: { code?: string } }).driverError?.code === '23505') throw stale(basedOnVersion, current + 1);
      throw err;
    }
    await this.audit.record({ action: 'policy_pack.adopted', entityType: 'policy_pack', entityId: row.id, data: { version: row.version } });
    return row;
  }

  latest(): Promise<PolicyPackVersion | null> {
    const em = this.db.manager;
    return em.getRepository(PolicyPackVersion).createQueryBuilder('p').orderBy('p.version', 'DESC').limit(1).getOne();
  }

  /** The pack as adopted at `version` (0: the built-in defaults): what a tender published under it is held to. */
  async version(version: number): Promise<PolicyPack> {
    const em = this.db.manager;
    if (version === 0) return DEFAULT_POLICY_PACK;
    const row = await em.findOne(PolicyPackVersion, { where: { version } });
    if (!row) throw new Error(`policy pack version ${version} is missing`);
    return completePack(row.pack);
  }

  async inForce(): Promise<PolicyInForce> {
    const row = await this.latest();
    return row ? { version: row.version, pack: completePack(row.pack) } : { version: 0, pack: DEFAULT_POLICY_PACK };
  }
}
