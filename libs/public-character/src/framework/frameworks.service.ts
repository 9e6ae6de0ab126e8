import { HttpStatus, Injectable } from '@nestjs/common';
import { AuditLog, newId, type Principal, ProblemException, RequestDb, validationProblem } from '#platform';
import { DEFAULT_FRAMEWORK, frameworkProblems, LEVELS, type PublicCharacterFramework } from './framework.js';
import { PublicCharacterFrameworkVersion } from './framework.entity.js';

export interface FrameworkInForce {
  version: number;
  framework: PublicCharacterFramework;
  levels: readonly string[];
  adoptedAt: string | null;
}

const stale = (edited: number, current: number) =>
  new ProblemException(
    HttpStatus.CONFLICT,
    'stale-version',
    'Someone changed the framework first',
    `You edited version ${edited}, but version ${current} is now in force. Reload it, reapply your changes and send again.`,
    { currentVersion: current },
  );

/** The request authority's public character framework: its latest adopted version, or the default (version 0). */
@Injectable()
export class PublicCharacterFrameworks {
  constructor(
    private readonly db: RequestDb,
    private readonly audit: AuditLog,
  ) {}

  async inForce(): Promise<FrameworkInForce> {
    const row = await this.latest();
    return row
      ? { version: row.version, framework: row.framework, levels: LEVELS, adoptedAt: row.createdAt.toISOString() }
      : { version: 0, framework: DEFAULT_FRAMEWORK, levels: LEVELS, adoptedAt: null };
  }

  /** A checked framework as the next version, only from the version in force (an edit of an older one is a 409). */
  async adopt(basedOnVersion: number, framework: unknown, principal: Principal): Promise<FrameworkInForce> {
    const problems = frameworkProblems(framework);
    if (problems.length)
      throw validationProblem(
        problems.map((p) => ({ ...p, field: `framework.${p.field}` })),
        'The framework is not complete',
      );
    const current = (await this.latest())?.version ?? 0;
    if (basedOnVersion !== current) throw stale(basedOnVersion, current);
    const row: PublicCharacterFrameworkVersion = {
      id: newId(),
      tenantId: this.db.tenantId,
      version: current + 1,
      framework: framework as PublicCharacterFramework,
      createdBy: principal.userId ?? null,
      createdAt: new Date(),
    };
    try {
      await this.db.manager.insert(PublicCharacterFrameworkVersion, row);
    } catch (err) {
      if ((err as { driverError?: { code?: string } }).driverError?.code === '23505') throw stale(basedOnVersion, current + 1);
      throw err;
    }
    await this.audit.record({
      action: 'public_character.framework_adopted',
      entityType: 'public_character_framework',
      entityId: row.id,
      data: { version: row.version, tests: row.framework.tests.length },
    });
    return this.inForce();
  }

  private latest(): Promise<PublicCharacterFrameworkVersion | null> {
    return this.db.manager.getRepository(PublicCharacterFrameworkVersion).createQueryBuilder('f').orderBy('f.version', 'DESC').limit(1).getOne();
  }
}
