import { Injectable } from '@nestjs/common';
import { type Principal, RequestDb, validationProblem } from '#platform';
import { londonToday } from '#kernel';
import type { SelfAssessmentDto } from './evidence.dto.js';
import { EvidenceItem, SelfAssessmentRow } from './evidence.entities.js';
import { EvidenceLibrary, libraryItem } from './evidence-library.service.js';
import { DEFAULT_FRAMEWORK, type PublicCharacterFramework } from '../framework/framework.js';
import { PublicCharacterFrameworkVersion } from '../framework/framework.entity.js';
import { type PublicCharacterSnapshot, type SnapshotWarning, takeSnapshot } from './snapshot.js';

const TEST_CODE = /^[a-z][a-z0-9_]{0,39}$/;

/**
 * A provider's self-assessment: per test a level, a narrative and evidence from its library. Kept once in
 * the provider's own rows and copied into each bid as a snapshot against that tender's framework version.
 */
/** What a tender records of the framework it was published with (a tender, seen from here). */
export interface PublishedWithFramework {
  tenantId: string;
  publicCharacterFrameworkVersion: number | null;
}

@Injectable()
export class SelfAssessments {
  constructor(
    private readonly db: RequestDb,
    private readonly library: EvidenceLibrary,
  ) {}

  answers(): Promise<SelfAssessmentRow[]> {
    const em = this.db.manager;
    return em.find(SelfAssessmentRow, { order: { testCode: 'ASC' } });
  }

  /** Save the answer on one test (any test code, so a provider can answer tests an authority added). */
  async save(testCode: string, dto: SelfAssessmentDto, principal: Principal): Promise<SelfAssessmentRow> {
    if (!TEST_CODE.test(testCode))
      throw validationProblem([{ field: 'testCode', rule: 'pattern', message: 'testCode must be a test code such as shared_ownership' }]);
    await this.library.named(dto.evidenceIds);
    const row: SelfAssessmentRow = {
      providerId: principal.providerId!,
      testCode,
      level: dto.level,
      narrative: dto.narrative.trim(),
      evidenceIds: dto.evidenceIds,
      updatedBy: principal.userId ?? null,
      updatedAt: new Date(),
    };
    await this.db.manager.upsert(SelfAssessmentRow, row, ['providerId', 'testCode']);
    return row;
  }

  /** The framework a tender was published with: the default (version 0) or the authority's adopted version. */
  async framework(tender: PublishedWithFramework): Promise<{ version: number; framework: PublicCharacterFramework } | null> {
    const em = this.db.manager;
    const version = tender.publicCharacterFrameworkVersion;
    if (version === null || version === undefined) return null;
    if (version === 0) return { version, framework: DEFAULT_FRAMEWORK };
    const row = await em.findOne(PublicCharacterFrameworkVersion, { where: { tenantId: tender.tenantId, version } });
    return row ? { version, framework: row.framework } : null;
  }

  /**
   * The snapshot a bid to this tender would carry now, with warnings (tests not assessed, evidence withdrawn
   * or expired). Null for a tender published before frameworks were recorded.
   */
  async snapshotFor(tender: PublishedWithFramework, now = new Date()): Promise<{ snapshot: PublicCharacterSnapshot; warnings: SnapshotWarning[] } | null> {
    const em = this.db.manager;
    const fw = await this.framework(tender);
    if (!fw) return null;
    const answers = await this.answers();
    const ids = [...new Set(answers.flatMap((a) => a.evidenceIds))];
    const items = ids.length ? await em.getRepository(EvidenceItem).createQueryBuilder('e').where('e.id IN (:...ids)', { ids }).getMany() : [];
    return takeSnapshot(fw.framework.tests, fw.version, answers, items.map(libraryItem), londonToday(now));
  }
}
