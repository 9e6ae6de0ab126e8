import { Injectable } from '@nestjs/common';
import { londonToday } from '#kernel';
import { AuditLog, newId, type Principal, RequestDb, validationProblem } from '#platform';
import { type CoproductionInput, coproductionProblems } from '../core/coproduction.js';
import type { CoproductionInputDto } from './coproduction.dto.js';
import { CoproductionInputRow } from './coproduction-input.entity.js';

const view = (r: CoproductionInputRow) => ({
  id: r.id,
  occurredOn: r.occurredOn,
  kind: r.kind,
  hours: r.hours,
  people: r.people,
  description: r.description,
  recordedBy: r.recordedBy,
  recordedAt: r.recordedAt.toISOString(),
});

/** Citizens' inputs to a contract (issue 15, item 5), recorded beside the ledger; append-only and audited. */
@Injectable()
export class Coproduction {
  constructor(
    private readonly db: RequestDb,
    private readonly audit: AuditLog,
  ) {}

  async record(contractId: string, dto: CoproductionInputDto, principal: Principal) {
    const input = { ...dto, description: typeof dto.description === 'string' ? dto.description.trim() : dto.description } as CoproductionInput;
    const problems = coproductionProblems(input, londonToday());
    if (problems.length) throw validationProblem(problems);
    const row: CoproductionInputRow = {
      id: newId(),
      tenantId: this.db.tenantId,
      contractId,
      ...input,
      recordedBy: principal.userId ?? null,
      recordedAt: new Date(),
    };
    await this.db.manager.insert(CoproductionInputRow, row);
    await this.audit.record({
      action: 'cost.coproduction-recorded',
      entityType: 'contract',
      entityId: contractId,
      data: { id: row.id, kind: row.kind, hours: row.hours, people: row.people },
    });
    return view(await this.db.manager.findOneByOrFail(CoproductionInputRow, { id: row.id }));
  }

  async list(contractId: string) {
    return { items: (await this.all(contractId)).map(view) };
  }

  all(contractId: string) {
    return this.db.manager.find(CoproductionInputRow, { where: { contractId }, order: { occurredOn: 'ASC', recordedAt: 'ASC' } });
  }
}
