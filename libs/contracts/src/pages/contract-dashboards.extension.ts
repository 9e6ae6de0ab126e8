import { Injectable, type OnModuleInit } from '@nestjs/common';
import { type Principal, RequestDb } from '#platform';
import { londonDateTime } from '#kernel';
import { dashboardSlot, PageExtensions, pounds } from '#web';
import { type ProviderBid, providerBids } from './provider-bids.query.js';
import { Contracts } from '../contract/contracts.service.js';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Where a bid stands, as its tender and the award say. */
function bidState(b: ProviderBid): { state: string; contractHref: string | null } {
  const none = { contractHref: null };
  if (b.contractId) return { state: 'Won: your contract', contractHref: `/my-contracts/${b.contractId}` };
  if (b.tenderStatus === 'published' && b.deadline && b.deadline > new Date())
    return { state: `Sent: you can replace it until ${londonDateTime(b.deadline)}`, ...none };
  if (b.tenderStatus === 'published' || b.tenderStatus === 'closed') return { state: 'Sealed: the deadline has passed, to be opened', ...none };
  if (b.tenderStatus === 'evaluation') return { state: 'Being evaluated', ...none };
  if (b.tenderStatus === 'awarded') return { state: 'Not successful this time', ...none };
  if (b.tenderStatus === 'no_award') return { state: 'No award was made', ...none };
  return { state: 'The tender was cancelled', ...none };
}

/**
 * The auditor's and the scrutiny member's dashboard: the authority's contracts in figures (how many run,
 * their value now and at award, what has been paid net of deductions, reviews before sanction still open). The provider's:
 * its bids and the contracts it holds at every authority, with where each bid stands and the reviews
 * waiting for its explanation.
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
              (SELECT COALESCE(sum(awarded_value), 0) FROM contracts)::text AS awarded,
              (SELECT COALESCE(sum(value), 0) FROM contracts)::text AS value,
              (SELECT COALESCE(sum(CASE WHEN kind = 'deduction' THEN -amount ELSE amount END), 0) FROM contract_payments WHERE status = 'paid')::text AS paid,
              (SELECT COALESCE(sum(amount), 0) FROM contract_payments WHERE kind = 'deduction')::text AS deductions,
              (SELECT count(*) FROM outcome_reviews WHERE concluded_at IS NULL)::int AS reviews`,
    );
    return {
      contractFigures: f.contracts
        ? `${plural(f.contracts, 'contract', 'contracts')} (${f.running} running) worth ${pounds(f.value)} in all after their variations and extensions (${pounds(f.awarded)} at award); ${pounds(f.paid)} paid to date, net of ${pounds(f.deductions)} in deductions; ${plural(f.reviews, 'review', 'reviews')} before sanction open.`
        : null,
    };
  }

  private async held(p: Principal): Promise<Record<string, unknown>> {
    if (!p.providerId) return { contracts: [], bids: [] };
    const rows = await this.contracts.mine();
    const open: { contract_id: string; n: number }[] = await this.db.manager.query(
      `SELECT r.contract_id, count(*)::int AS n FROM outcome_reviews r
        WHERE r.concluded_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM outcome_review_explanations e WHERE e.tenant_id = r.tenant_id AND e.review_id = r.id)
        GROUP BY r.contract_id`,
    );
    const toExplain = new Map(open.map((o) => [o.contract_id, o.n]));
    const bids = await providerBids(this.db.manager);
    return {
      bids: bids.map((b) => ({
        name: `${b.reference}: ${b.title}`,
        href: b.tenderStatus === 'published' ? `/tenders/${b.tenderId}` : null,
        authority: b.authority,
        sent: `${pounds(b.price)}, version ${b.version}, ${londonDateTime(b.submittedAt)}`,
        ...bidState(b),
      })),
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
