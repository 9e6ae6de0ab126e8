import { Injectable } from '@nestjs/common';
import { Authority } from '#auth';
import { londonDateTime, type Principal, RequestDb, type Role } from '#platform';
import { CommitmentReviews } from '#tendering';
import { ROLE_NAMES } from '../rendering/navigation.js';

export interface DashboardSection {
  role: Role;
  heading: string;
  /** One of the partials in views/dashboard/. */
  partial: string;
  data: Record<string, unknown>;
}

const STATUS_TAGS: Record<string, { text: string; colour: string }> = {
  draft: { text: 'Draft', colour: 'grey' },
  published: { text: 'Open for bids', colour: 'green' },
  closed: { text: 'Closed', colour: 'yellow' },
  evaluation: { text: 'In evaluation', colour: 'blue' },
  awarded: { text: 'Awarded', colour: 'purple' },
  no_award: { text: 'No award', colour: 'orange' },
  cancelled: { text: 'Cancelled', colour: 'red' },
};

export const statusTag = (status: string) => STATUS_TAGS[status] ?? { text: status, colour: 'grey' };
/** A tender's deadline as pages show it. */
export const deadlineText = (d: Date | string | null) => (d ? londonDateTime(d) : 'Not set');

/**
 * One section per role the person holds, each reading only what RLS lets the
 * request see. Most are empty states until later issues fill them.
 */
@Injectable()
export class DashboardService {
  constructor(
    private readonly db: RequestDb,
    private readonly commitmentReviews: CommitmentReviews,
  ) {}

  async sections(p: Principal): Promise<DashboardSection[]> {
    const out: DashboardSection[] = [];
    for (const role of p.roles) {
      const data = await this.dataFor(role, p);
      out.push({ role, heading: ROLE_NAMES[role], partial: `dashboard-${role.replace(/_/g, '-')}`, data });
    }
    return out;
  }

  private async dataFor(role: Role, p: Principal): Promise<Record<string, unknown>> {
    const em = this.db.manager;
    switch (role) {
      case 'commissioner': {
        const rows: { id: string; reference: string; title: string; status: string; submission_deadline: Date | null }[] = await em.query(
          `SELECT id, reference, title, status, submission_deadline FROM tenders ORDER BY id DESC LIMIT 50`,
        );
        return { tenders: rows.map((t) => ({ href: `/authority/tenders/${t.id}`, reference: t.reference, title: t.title, tag: statusTag(t.status), deadline: deadlineText(t.submission_deadline) })) };
      }
      case 'authority_admin': {
        const [{ emails, failed }] = await em.query(
          `SELECT (SELECT count(*) FROM email_deliveries)::int AS emails,
                  (SELECT count(*) FROM outbox_messages WHERE status = 'failed')::int AS failed`,
        );
        return { emails, failed };
      }
      case 'evaluator': {
        // The evaluator's own assignments: what to declare, mark or submit next.
        const rows: { id: string; tender_id: string; reference: string; title: string; criterion_group: string; declaration: string | null; submitted_at: Date | null; withdrawn_at: Date | null }[] = await em.query(
          // The group by its title in the tender's model, as every other page names it.
          `SELECT a.id, a.tender_id, t.reference, t.title, a.declaration, a.submitted_at, a.withdrawn_at,
                  COALESCE((SELECT c->>'title' FROM jsonb_array_elements(t.evaluation_model->'criteria') c WHERE c->>'key' = a.criterion_group), a.criterion_group) AS criterion_group
             FROM evaluator_assignments a JOIN tenders t ON t.id = a.tender_id WHERE a.user_id = $1 ORDER BY a.assigned_at DESC LIMIT 50`,
          [p.userId],
        );
        return {
          assignments: rows.map((r) => ({
            href: `/authority/tenders/${r.tender_id}/evaluation/assignments/${r.id}`, reference: r.reference, title: r.title, group: r.criterion_group,
            state: r.withdrawn_at ? 'Withdrawn' : r.declaration === 'conflict' ? 'Conflict declared' : r.submitted_at ? 'Submitted' : r.declaration ? 'To mark' : 'Declare conflicts first',
          })),
        };
      }
      case 'contract_manager': {
        // Awarded contracts, with what waits for the contract manager on each: delivery reports and commitment reviews.
        const rows: { id: string; reference: string; title: string; reports: number }[] = await em.query(
          `SELECT t.id, t.reference, t.title,
                  (SELECT count(*) FROM delivery_reports r WHERE r.tender_id = t.id
                      AND NOT EXISTS (SELECT 1 FROM delivery_report_reviews v WHERE v.report_id = r.id))::int AS reports
             FROM tenders t WHERE t.status = 'awarded' ORDER BY t.reference DESC LIMIT 50`,
        );
        const due = await this.commitmentReviews.dueByTender();
        return {
          contracts: rows.map((t) => {
            const d = due.get(t.id) ?? { open: 0, overdue: 0 };
            return {
              reference: t.reference, title: t.title, href: `/authority/tenders/${t.id}`, deliveryHref: `/authority/tenders/${t.id}/delivery`, commitmentsHref: `/authority/tenders/${t.id}/commitments`,
              reports: t.reports, reviewsOverdue: d.overdue, reviewsDue: d.open,
            };
          }),
        };
      }
      case 'auditor': {
        const [{ events }] = await em.query(`SELECT count(*)::int AS events FROM audit_events`);
        return { events };
      }
      case 'provider':
        return this.providerData(p);
      case 'platform_operator': {
        const authorities = await em.find(Authority, { order: { name: 'ASC' } });
        return { authorities: authorities.map((a) => ({ name: a.name, slug: a.slug })) };
      }
      default:
        return {};
    }
  }

  /** The authorities a provider bids to (those whose tenders it follows), and the tenders it follows at the one in focus. */
  private async providerData(p: Principal): Promise<Record<string, unknown>> {
    const em = this.db.manager;
    const authorities: { id: string; name: string }[] = await em.query(
      `SELECT DISTINCT a.id, a.name FROM tender_interests ti JOIN authorities a ON a.id = ti.tenant_id ORDER BY a.name`,
    );
    const focus = authorities.find((a) => a.id === p.web?.focusAuthorityId) ?? authorities[0] ?? null;
    const tenders: { id: string; reference: string; title: string; status: string; submission_deadline: Date | null }[] = focus
      ? await em.query(
          `SELECT t.id, t.reference, t.title, t.status, t.submission_deadline FROM tender_interests ti
             JOIN tenders t ON t.id = ti.tender_id WHERE ti.tenant_id = $1 ORDER BY t.submission_deadline NULLS LAST`,
          [focus.id],
        )
      : [];
    return {
      focus,
      authorities: authorities.map((a) => ({ ...a, selected: a.id === focus?.id })),
      several: authorities.length > 1,
      tenders: tenders.map((t) => ({ href: `/tenders/${t.id}`, reference: t.reference, title: t.title, tag: statusTag(t.status), deadline: deadlineText(t.submission_deadline) })),
    };
  }
}
