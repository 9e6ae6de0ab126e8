import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { jwtSecret, randomToken, sha256 } from '#auth';
import { emailAuthorityPeople, Notifications } from '#notifications';
import { APP_CONFIG, type AppConfig, AuditLog, conflictProblem, ContextRunner, newId, notFound, RequestDb } from '#platform';
import { PolicyPacks } from '#policy';
import { caseDue, CATEGORY_NAMES, CONFIRMATION_DAYS, type ConcernCategory, NOT_A_FINDING, supportersInWindow } from './concern-rules.js';
import type { ConfirmSupportDto, RaiseConcernDto, SupportConcernDto } from './concern.dto.js';

interface ConcernRow {
  id: string;
  ocid: string;
  contract_id: string;
  category: ConcernCategory;
  description: string;
  raised_at: Date;
  supporters: number;
  case_opened_at: Date | null;
  case_concluded_at: Date | null;
}

/** What anyone may see of a concern: never who raised or supported it. */
const publicView = (c: ConcernRow) => ({
  id: c.id,
  ocid: c.ocid,
  contractId: c.contract_id,
  category: c.category,
  categoryName: CATEGORY_NAMES[c.category],
  description: c.description,
  raisedAt: new Date(c.raised_at).toISOString(),
  supporters: c.supporters,
  scrutinyCase: c.case_opened_at
    ? { openedAt: new Date(c.case_opened_at).toISOString(), concludedAt: c.case_concluded_at ? new Date(c.case_concluded_at).toISOString() : null }
    : null,
  statement: NOT_A_FINDING,
});
export type PublicConcern = ReturnType<typeof publicView>;

const SELECT_CONCERNS = `
  SELECT c.id, c.ocid, c.contract_id, c.category, c.description, c.raised_at, c.supporters,
         k.opened_at AS case_opened_at, k.concluded_at AS case_concluded_at
    FROM concerns c LEFT JOIN scrutiny_cases k ON k.concern_id = c.id`;

/** Answered the same whether the address is new, already asked or already counted: it tells nobody who supports what. */
const CHECK_YOUR_EMAIL = {
  status: 'confirmation-sent',
  detail: 'If the address can be used, a link to confirm has been sent to it. It works once, for 7 days.',
};

/**
 * Concerns the public raise about contracts, and their supporters (issue 16, item 5). Public: each request runs in
 * the authority's context once the published record says which authority it is (concerns and their supporters are
 * the authority's records). Raising or supporting e-mails a single-use link; only a confirmed address counts, once
 * per concern (a keyed hash of it, so distinct without a list of addresses). A confirmation that brings the
 * supporters within the window to the authority's threshold opens the scrutiny case, once, under the concern's row
 * lock, and e-mails the authority's scrutiny members.
 */
@Injectable()
export class Concerns {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly runner: ContextRunner,
    private readonly notifications: Notifications,
    private readonly audit: AuditLog,
    private readonly packs: PolicyPacks,
    private readonly db: RequestDb,
  ) {}

  /** The concerns the public can see about one contracting process, oldest first (in the caller's transaction, reading published records). */
  async forProcess(ocid: string): Promise<PublicConcern[]> {
    const rows = (await this.db.manager.query(`${SELECT_CONCERNS} WHERE c.ocid = $1 AND c.confirmed_at IS NOT NULL ORDER BY c.raised_at, c.id`, [
      ocid,
    ])) as ConcernRow[];
    return rows.map(publicView);
  }

  /** One concern as the public sees it (confirmed ones only), in the caller's transaction. */
  async one(id: string): Promise<PublicConcern> {
    const [row] = (await this.db.manager.query(`${SELECT_CONCERNS} WHERE c.id = $1 AND c.confirmed_at IS NOT NULL`, [id])) as ConcernRow[];
    if (!row) throw notFound('The concern');
    return publicView(row);
  }

  async raise(dto: RaiseConcernDto) {
    const tenantId = await this.runner.run({ publishedRecords: true }, async (em) => {
      const [row]: { tenant_id: string }[] = await em.query(
        `SELECT tenant_id FROM ocds_releases WHERE ocid = $1 AND release->'contracts' @> $2::jsonb LIMIT 1`,
        [dto.ocid, JSON.stringify([{ id: dto.contractId }])],
      );
      if (!row) throw notFound(`The contract ${dto.contractId} of ${dto.ocid}`);
      return row.tenant_id;
    });
    return this.runner.run({ tenantId }, async (em) => {
      const id = newId();
      await em.query(`INSERT INTO concerns (id, tenant_id, ocid, contract_id, category, description) VALUES ($1, $2, $3, $4, $5, $6)`, [
        id,
        tenantId,
        dto.ocid,
        dto.contractId,
        dto.category,
        dto.description.trim(),
      ]);
      await em.query(`INSERT INTO concern_contacts (concern_id, tenant_id, name, email) VALUES ($1, $2, $3, $4)`, [
        id,
        tenantId,
        dto.name.trim(),
        dto.email.trim(),
      ]);
      await this.audit.record({
        tenantId,
        action: 'concern.raised',
        entityType: 'concern',
        entityId: id,
        data: { ocid: dto.ocid, contractId: dto.contractId, category: dto.category },
      });
      await this.askToConfirm(em, tenantId, id, dto.email, true);
      return { id, ...CHECK_YOUR_EMAIL };
    });
  }

  async support(concernId: string, dto: SupportConcernDto) {
    const tenantId = await this.runner.run({ publishedRecords: true }, async (em) => {
      const [row]: { tenant_id: string }[] = await em.query(`SELECT tenant_id FROM concerns WHERE id = $1 AND confirmed_at IS NOT NULL`, [concernId]);
      if (!row) throw notFound('The concern');
      return row.tenant_id;
    });
    return this.runner.run({ tenantId }, async (em) => {
      await this.askToConfirm(em, tenantId, concernId, dto.email, false);
      return { id: concernId, ...CHECK_YOUR_EMAIL };
    });
  }

  /** A confirmation link followed: the address counts (once), and a case opens if this brings the concern to the threshold. */
  async confirm(dto: ConfirmSupportDto) {
    const tenantId = await this.runner.run({ publishedRecords: true }, async (em) => {
      const [row]: { id: string }[] = await em.query(`SELECT id FROM authorities WHERE slug = $1`, [dto.authority]);
      if (!row) throw notFound('The link');
      return row.id;
    });
    return this.runner.run({ tenantId }, async (em) => {
      const [support]: { id: string; concern_id: string; raiser: boolean; expires_at: Date; confirmed_at: Date | null }[] = await em.query(
        `SELECT id, concern_id, raiser, expires_at, confirmed_at FROM concern_supports WHERE token_hash = $1`,
        [sha256(dto.token)],
      );
      if (!support) throw notFound('The link');
      // One at a time per concern: the count, and whether it opens the case, read what the last confirmation left.
      await em.query(`SELECT 1 FROM concerns WHERE id = $1 FOR UPDATE`, [support.concern_id]);
      if (!support.confirmed_at) {
        if (new Date(support.expires_at) <= new Date())
          throw conflictProblem('link-expired', 'The link has expired', `Links work for ${CONFIRMATION_DAYS} days: ask for a new one from the concern's page`);
        await em.query(`UPDATE concern_supports SET confirmed_at = clock_timestamp() WHERE id = $1`, [support.id]);
        await em.query(`UPDATE concerns SET supporters = supporters + 1 WHERE id = $1`, [support.concern_id]);
        if (support.raiser) await em.query(`UPDATE concerns SET confirmed_at = clock_timestamp() WHERE id = $1 AND confirmed_at IS NULL`, [support.concern_id]);
        await this.audit.record({
          tenantId,
          action: 'concern.supported',
          entityType: 'concern',
          entityId: support.concern_id,
          data: { raiser: support.raiser },
        });
        await this.openCaseIfDue(em, tenantId, support.concern_id);
      }
      const [concern] = (await em.query(`${SELECT_CONCERNS} WHERE c.id = $1`, [support.concern_id])) as ConcernRow[];
      return { counted: true, concern: publicView(concern) };
    });
  }

  private async askToConfirm(em: EntityManager, tenantId: string, concernId: string, email: string, raiser: boolean) {
    const token = randomToken();
    const rows: unknown[] = await em.query(
      `INSERT INTO concern_supports (id, tenant_id, concern_id, email_hash, token_hash, raiser, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, clock_timestamp() + make_interval(days => $7))
       ON CONFLICT (tenant_id, concern_id, email_hash) DO NOTHING RETURNING id`,
      [newId(), tenantId, concernId, this.emailHash(email), sha256(token), raiser, CONFIRMATION_DAYS],
    );
    // An address already asked (or counted) is not e-mailed again: no link flood, and the answer is the same.
    if (!rows.length) return;
    const [about]: { title: string; authority: string; slug: string; ocid: string }[] = await em.query(
      `SELECT t.title, a.name AS authority, a.slug, c.ocid FROM concerns c JOIN contracts t ON t.id = c.contract_id AND t.tenant_id = c.tenant_id
         JOIN authorities a ON a.id = c.tenant_id WHERE c.id = $1`,
      [concernId],
    );
    const link = new URL(`/public/concerns/confirm`, this.config.PUBLIC_BASE_URL);
    link.search = new URLSearchParams({ authority: about.slug, token }).toString();
    await this.notifications.email({
      to: email.trim(),
      tenantId,
      template: 'concern-confirm',
      data: {
        raiser,
        contractTitle: about.title,
        confirmUrl: link.toString(),
        recordUrl: new URL(`/public/records/${about.ocid}`, this.config.PUBLIC_BASE_URL).toString(),
        days: CONFIRMATION_DAYS,
      },
    });
  }

  private async openCaseIfDue(em: EntityManager, tenantId: string, concernId: string) {
    const [open] = await em.query(`SELECT 1 FROM scrutiny_cases WHERE concern_id = $1`, [concernId]);
    if (open) return;
    const { pack } = await this.packs.inForce();
    const rows: { confirmed_at: Date }[] = await em.query(`SELECT confirmed_at FROM concern_supports WHERE concern_id = $1 AND confirmed_at IS NOT NULL`, [
      concernId,
    ]);
    const now = new Date((await em.query(`SELECT clock_timestamp() AS now`))[0].now);
    const confirmed = rows.map((r) => new Date(r.confirmed_at));
    if (!caseDue(confirmed, now, pack.concernTrigger)) return;
    const id = newId();
    const supporters = supportersInWindow(confirmed, now, pack.concernTrigger);
    await em.query(`INSERT INTO scrutiny_cases (id, tenant_id, concern_id, supporters_at_opening) VALUES ($1, $2, $3, $4)`, [
      id,
      tenantId,
      concernId,
      supporters,
    ]);
    await this.audit.record({
      tenantId,
      action: 'scrutiny.case-opened',
      entityType: 'scrutiny_case',
      entityId: id,
      data: { concernId, supporters, trigger: pack.concernTrigger },
    });
    const [about]: { title: string; category: ConcernCategory; description: string }[] = await em.query(
      `SELECT t.title, c.category, c.description FROM concerns c JOIN contracts t ON t.id = c.contract_id AND t.tenant_id = c.tenant_id WHERE c.id = $1`,
      [concernId],
    );
    await emailAuthorityPeople(em, this.notifications, {
      tenantId,
      roles: ['scrutiny_member'],
      template: 'scrutiny-case-opened',
      data: (p) => ({
        recipientName: p.display_name,
        contractTitle: about.title,
        category: CATEGORY_NAMES[about.category],
        description: about.description,
        supporters,
        windowDays: pack.concernTrigger.windowDays,
        caseUrl: new URL(`/scrutiny/cases/${id}`, this.config.PUBLIC_BASE_URL).toString(),
      }),
    });
  }

  /** Distinct per concern without keeping the address: a hash keyed with the deployment's secret. */
  private emailHash(email: string): string {
    return createHmac('sha256', jwtSecret(this.config)).update(`concern-supporter\u0000${email.trim().toLowerCase()}`).digest('hex');
  }
}
