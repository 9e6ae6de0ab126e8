import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Authority } from '#auth';
import { type Principal, RequestDb, type Role, UploadScreening } from '#platform';
import { ROLE_NAMES } from '../rendering/navigation.js';
import { PageExtensions } from '../rendering/page-extensions.js';

export interface DashboardSection {
  role: Role;
  heading: string;
  /** The partial `dashboard-<role>`, in the views of the context that fills the section. */
  partial: string;
  data: Record<string, unknown>;
}

/** The slot a context registers its dashboard section for a role into (see PageExtensions). */
export const dashboardSlot = (role: Role) => `dashboard:${role}`;

/**
 * The dashboard shell: one section per role the person holds, each filled by the contexts that
 * registered for it (tenders for commissioners and providers, evaluation for evaluators, contracts
 * for contract managers), each reading only what RLS lets the request see. The web kit fills the
 * sections that belong to the platform itself: the admin's e-mails, failed jobs and malware caught, the
 * auditor's audit log, the operator's authorities.
 */
@Injectable()
export class DashboardService implements OnModuleInit {
  constructor(
    private readonly db: RequestDb,
    private readonly extensions: PageExtensions,
    private readonly screening: UploadScreening,
  ) {}

  onModuleInit(): void {
    this.extensions.register(dashboardSlot('authority_admin'), 'web', async () => {
      const [{ emails, failed, malware }] = await this.db.manager.query(
        `SELECT (SELECT count(*) FROM email_deliveries)::int AS emails,
                (SELECT count(*) FROM outbox_messages WHERE status = 'failed')::int AS failed,
                (SELECT count(*) FROM malware_detections)::int AS malware`,
      );
      return { emails, failed, malware, scanning: this.screening.scannerAt !== null };
    });
    this.extensions.register(dashboardSlot('auditor'), 'web', async () => {
      const [{ events }] = await this.db.manager.query(`SELECT count(*)::int AS events FROM audit_events`);
      return { events };
    });
    this.extensions.register(dashboardSlot('platform_operator'), 'web', async () => {
      const authorities = await this.db.manager.find(Authority, { order: { name: 'ASC' } });
      const [{ malware }] = await this.db.manager.query(`SELECT count(*)::int AS malware FROM malware_detections`);
      return { authorities: authorities.map((a) => ({ name: a.name, slug: a.slug })), malware, scanning: this.screening.scannerAt !== null };
    });
  }

  async sections(p: Principal): Promise<DashboardSection[]> {
    const out: DashboardSection[] = [];
    for (const role of p.roles) {
      const data = await this.extensions.collect(dashboardSlot(role), p);
      out.push({ role, heading: ROLE_NAMES[role], partial: `dashboard-${role.replace(/_/g, '-')}`, data });
    }
    return out;
  }
}
