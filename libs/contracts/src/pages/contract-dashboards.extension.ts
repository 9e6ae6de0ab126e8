import { Injectable, type OnModuleInit } from '@nestjs/common';
import { type Principal, RequestDb } from '#platform';
import { dashboardSlot, PageExtensions, pounds } from '#web';
import { Contracts } from '../contract/contracts.service.js';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * The auditor's and the scrutiny member's dashboard: the authority's contracts in figures (how many run,
 * their value, what has been paid net of deductions, reviews before sanction still open). The provider's:
 * the contracts it holds at every authority, with the reviews waiting for its explanation.
 */
@Injectable()
export class ContractDashboards implements OnModuleInit {
  constructor(
    private readonly db: RequestDb,
    private readonly contracts: Contracts,
    private readonly extensions: PageExtensions,
  ) {}

  onModuleInit(): void {
    for (const role of ['auditor', 'scrutiny_member'] as const) this.extensions.register(dashboardSlot(role), 'contracts', () => this.figures());
    this.extensions.register(dashboardSlot('provider'), 'contracts', (p: Principal) => this.held(p));
  }

  private async figures(): Promise<Record<string, unknown>> {
    const [f] = await this.db.manager.query(
      `SELECT (SELECT count(*) FROM contracts)::int AS contracts,
              (SELECT count(*) FROM contracts WHERE status IN ('pending', 'active'))::int AS running,
              (SELECT COALESCE(sum(awarded_value), 0) FROM contracts)::text AS value,
              (SELECT COALESCE(sum(CASE WHEN kind = 'deduction' THEN -amount ELSE amount END), 0) FROM contract_payments WHERE status = 'paid')::text AS paid,
              (SELECT COALESCE(sum(amount), 0) FROM contract_payments WHERE kind = 'deduction')::text AS deductions,
              (SELECT count(*) FROM outcome_reviews WHERE concluded_at IS NULL)::int AS reviews`,
    );
    return {
      contractFigures: f.contracts
        ? `${plural(f.contracts, 'contract', 'contracts')} (${f.running} running) worth ${pounds(f.value)} in all; ${pounds(f.paid)} paid to date, net of ${pounds(f.deductions)} in deductions; ${plural(f.reviews, 'review', 'reviews')} before sanction open.`
        : null,
    };
  }

  private async held(p: Principal): Promise<Record<string, unknown>> {
    if (!p.providerId) return { contracts: [] };
    const rows = await this.contracts.mine();
    const open: { contract_id: string; n: number }[] = await this.db.manager.query(
      `SELECT r.contract_id, count(*)::int AS n FROM outcome_reviews r
        WHERE r.concluded_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM outcome_review_explanations e WHERE e.tenant_id = r.tenant_id AND e.review_id = r.id)
        GROUP BY r.contract_id`,
    );
    const toExplain = new Map(open.map((o) => [o.contract_id, o.n]));
    return {
      contracts: rows.map((c) => ({
        href: `/my-contracts/${c.id}`,
        name: `${c.reference}: ${c.title}`,
        authority: c.authority.name,
        status: c.status,
        waiting: toExplain.get(c.id) ? plural(toExplain.get(c.id)!, 'review to explain', 'reviews to explain') : 'Nothing waiting',
      })),
    };
  }
}
