import type { EntityManager } from 'typeorm';
import type { ContractStatus } from '../contract/contract-rules.js';
import { nextAssessment } from './assessment-rules.js';

export interface DueAssessment {
  contractId: string;
  tenderId: string;
  reference: string;
  title: string;
  from: string;
  dueBy: string;
  final: boolean;
  kind: 'open' | 'overdue';
}

/**
 * The contracts of the authority in context whose next performance assessment (s.71) is open or overdue:
 * one grouped pass over its signed contracts and their assessments, the rule applied to each in code (the
 * same rule the assessment itself checks). A contract whose final assessment is made drops out.
 */
export async function assessmentsDue(em: EntityManager, today: string): Promise<DueAssessment[]> {
  const rows: {
    id: string;
    tender_id: string;
    reference: string;
    title: string;
    status: ContractStatus;
    starts_on: string;
    ends_on: string;
    terminated_on: string | null;
    last_to: string | null;
  }[] = await em.query(
    `SELECT c.id, c.tender_id, c.reference, c.title, c.status, c.starts_on::text, c.ends_on::text, c.terminated_on::text, max(a.period_to)::text AS last_to
       FROM contracts c LEFT JOIN performance_assessments a ON a.tenant_id = c.tenant_id AND a.contract_id = c.id
      WHERE c.status <> 'pending'
      GROUP BY c.tenant_id, c.id
     HAVING NOT coalesce(bool_or(a.occasion = 'final'), false)
      ORDER BY c.reference`,
  );
  const due: DueAssessment[] = [];
  for (const r of rows) {
    const next = nextAssessment({ status: r.status, startsOn: r.starts_on, endsOn: r.ends_on, terminatedOn: r.terminated_on }, r.last_to, false, today);
    if (!next || next.status === 'not-yet') continue;
    due.push({
      contractId: r.id,
      tenderId: r.tender_id,
      reference: r.reference,
      title: r.title,
      from: next.from,
      dueBy: next.dueBy,
      final: next.final,
      kind: next.status,
    });
  }
  return due;
}
