import { Injectable, type OnModuleInit } from '@nestjs/common';
import { type Principal, RequestDb } from '#platform';
import { dashboardSlot, PageExtensions } from '#web';
import { deadlineText, statusTag } from './tender-tags.js';

/** The commissioner's and the provider's dashboard sections: tenders. */
@Injectable()
export class TenderDashboards implements OnModuleInit {
  constructor(
    private readonly db: RequestDb,
    private readonly extensions: PageExtensions,
  ) {}

  onModuleInit(): void {
    this.extensions.register(dashboardSlot('commissioner'), 'tendering', () => this.commissioner());
    this.extensions.register(dashboardSlot('provider'), 'tendering', (p: Principal) => this.provider(p));
  }

  private async commissioner(): Promise<Record<string, unknown>> {
    const rows: { id: string; reference: string; title: string; status: string; submission_deadline: Date | null }[] = await this.db.manager.query(
      `SELECT id, reference, title, status, submission_deadline FROM tenders ORDER BY id DESC LIMIT 50`,
    );
    return {
      tenders: rows.map((t) => ({
        href: `/authority/tenders/${t.id}`,
        reference: t.reference,
        title: t.title,
        tag: statusTag(t.status),
        deadline: deadlineText(t.submission_deadline),
      })),
    };
  }

  /** The authorities a provider bids to (those whose tenders it follows), and the tenders it follows at the one in focus. */
  private async provider(p: Principal): Promise<Record<string, unknown>> {
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
      tenders: tenders.map((t) => ({
        href: `/tenders/${t.id}`,
        reference: t.reference,
        title: t.title,
        tag: statusTag(t.status),
        deadline: deadlineText(t.submission_deadline),
      })),
    };
  }
}
