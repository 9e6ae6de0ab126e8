import { Injectable } from '@nestjs/common';
import { AuditLog, conflictProblem, newId, notFound, type Principal, RequestDb } from '#platform';
import { CATEGORY_NAMES, type ConcernCategory, NOT_A_FINDING } from './concern-rules.js';
import type { CaseConclusionDto, CaseNoteDto } from './concern.dto.js';

interface CaseRow {
  id: string;
  opened_at: Date;
  supporters_at_opening: number;
  conclusion: string | null;
  concluded_at: Date | null;
  concluded_by_name: string | null;
  concern_id: string;
  ocid: string;
  contract_id: string;
  contract_title: string;
  contract_reference: string;
  provider_name: string;
  category: ConcernCategory;
  description: string;
  raised_at: Date;
  supporters: number;
  raiser_name: string | null;
  raiser_email: string | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/**
 * Scrutiny cases for the authority's scrutiny members (issue 16, item 5): each case with the concern, who raised it
 * (the database shows the contact to scrutiny members only), how many support it, the members' notes (append-only)
 * and their conclusion, recorded once. In the request's transaction: RLS keeps it to the member's authority.
 */
@Injectable()
export class ScrutinyCases {
  constructor(
    private readonly db: RequestDb,
    private readonly audit: AuditLog,
  ) {}

  async list() {
    const rows = await this.rows();
    return { items: rows.map((r) => this.view(r, [])), statement: NOT_A_FINDING };
  }

  async one(id: string) {
    const [row] = await this.rows(id);
    if (!row) throw notFound('The scrutiny case');
    const notes: { id: string; note: string; written_at: Date; author: string | null }[] = await this.db.manager.query(
      `SELECT n.id, n.note, n.written_at, u.display_name AS author FROM scrutiny_case_notes n LEFT JOIN users u ON u.id = n.author_id
        WHERE n.case_id = $1 ORDER BY n.written_at, n.id`,
      [id],
    );
    return this.view(row, notes);
  }

  async note(id: string, dto: CaseNoteDto, principal: Principal) {
    await this.locked(id);
    const noteId = newId();
    await this.db.manager.query(`INSERT INTO scrutiny_case_notes (id, tenant_id, case_id, author_id, note) VALUES ($1, $2, $3, $4, $5)`, [
      noteId,
      this.db.tenantId,
      id,
      principal.userId,
      dto.note.trim(),
    ]);
    await this.audit.record({ action: 'scrutiny.case-note', entityType: 'scrutiny_case', entityId: id, data: { noteId } });
    return this.one(id);
  }

  async conclude(id: string, dto: CaseConclusionDto, principal: Principal) {
    const row = await this.locked(id);
    if (row.concluded_at)
      throw conflictProblem('case-concluded', 'The case is concluded', `It was concluded on ${new Date(row.concluded_at).toISOString().slice(0, 10)}`);
    await this.db.manager.query(`UPDATE scrutiny_cases SET conclusion = $2, concluded_at = clock_timestamp(), concluded_by = $3 WHERE id = $1`, [
      id,
      dto.conclusion.trim(),
      principal.userId,
    ]);
    await this.audit.record({ action: 'scrutiny.case-concluded', entityType: 'scrutiny_case', entityId: id, data: {} });
    return this.one(id);
  }

  /** The case, its row locked: notes and the conclusion are written one at a time. */
  private async locked(id: string) {
    const [row]: { id: string; concluded_at: Date | null }[] = await this.db.manager.query(
      `SELECT id, concluded_at FROM scrutiny_cases WHERE id = $1 FOR UPDATE`,
      [id],
    );
    if (!row) throw notFound('The scrutiny case');
    return row;
  }

  private rows(id?: string): Promise<CaseRow[]> {
    return this.db.manager.query(
      `SELECT k.id, k.opened_at, k.supporters_at_opening, k.conclusion, k.concluded_at, u.display_name AS concluded_by_name,
              c.id AS concern_id, c.ocid, c.contract_id, t.title AS contract_title, t.reference AS contract_reference, p.name AS provider_name,
              c.category, c.description, c.raised_at,
              c.supporters,
              r.name AS raiser_name, r.email AS raiser_email
         FROM scrutiny_cases k
         JOIN concerns c ON c.id = k.concern_id
         JOIN contracts t ON t.id = c.contract_id AND t.tenant_id = c.tenant_id
         JOIN provider_organisations p ON p.id = t.provider_id
         LEFT JOIN concern_contacts r ON r.concern_id = c.id
         LEFT JOIN users u ON u.id = k.concluded_by
        ${id ? 'WHERE k.id = $1' : ''}
        ORDER BY k.concluded_at IS NOT NULL, k.opened_at DESC, k.id`,
      id ? [id] : [],
    );
  }

  private view(r: CaseRow, notes: { id: string; note: string; written_at: Date; author: string | null }[]) {
    return {
      id: r.id,
      openedAt: iso(r.opened_at)!,
      supportersAtOpening: r.supporters_at_opening,
      supporters: r.supporters,
      status: r.concluded_at ? ('concluded' as const) : ('open' as const),
      conclusion: r.conclusion,
      concludedAt: iso(r.concluded_at),
      concludedBy: r.concluded_by_name,
      contract: { id: r.contract_id, title: r.contract_title, reference: r.contract_reference, provider: r.provider_name, ocid: r.ocid },
      concern: {
        id: r.concern_id,
        category: r.category,
        categoryName: CATEGORY_NAMES[r.category],
        description: r.description,
        raisedAt: iso(r.raised_at)!,
        raisedBy: r.raiser_name === null ? null : { name: r.raiser_name, email: r.raiser_email },
      },
      notes: notes.map((n) => ({ id: n.id, note: n.note, writtenAt: iso(n.written_at)!, author: n.author })),
    };
  }
}
