import { day, instant, ocidFor, type Release, release, type TenderFacts } from './releases.js';

/**
 * The planning of a contracting process, as OCDS 1.1.5 publishes it (docs/domain.md, "Accountability"): the
 * commissioning cycle the tender was made from, published with the tender (a cycle has nothing public until a
 * tender from it is out). Its rationale is the cycle's purpose, to whom it is accountable, what success is and
 * the outcomes sought; its milestones are the engagement with the people it serves (each activity, with how
 * many of their points were answered, "you said, we did") and the decision on how to deliver it (in-house,
 * partnership, grant, tender: the option chosen and why). What the authority's own delivery would cost is kept
 * out: bidders would price against it. Pure: facts in, release out.
 */
export interface PlanningFacts {
  reference: string;
  title: string;
  purpose: string;
  accountability: string;
  success: string;
  outcomes: string[];
  engagements: {
    id: string;
    title: string;
    method: string;
    level: string;
    upForGrabs: string;
    startsOn: string;
    endsOn: string;
    recordedAt: string;
    responses: number;
    changed: number;
  }[];
  decision: { version: number; chosen: string; rationale: string; decidedAt: string } | null;
  /** The cycle's last change: the release's date when nothing later was recorded. */
  updatedAt: string;
}

const words = (code: string) => code.replace(/_/g, ' ');

export function planningRelease(prefix: string, tender: TenderFacts, p: PlanningFacts): Release {
  const dates = [p.updatedAt, ...p.engagements.map((e) => e.recordedAt), ...(p.decision ? [p.decision.decidedAt] : [])].map(instant);
  const rationale = [
    `${p.title} (commissioning cycle ${p.reference}). What it is for: ${p.purpose}`,
    `Accountable to: ${p.accountability}`,
    `Success: ${p.success}`,
    ...(p.outcomes.length ? [`Outcomes sought: ${p.outcomes.join('; ')}`] : []),
  ].join('\n\n');
  const milestones = [
    ...p.engagements.map((e) => ({
      id: `engagement-${e.id}`,
      title: e.title,
      type: 'engagement',
      description: `${words(e.method)}, to ${e.level} (what was open to change: ${e.upForGrabs}). ${e.responses} of the points people made answered, ${e.changed} changing what was planned.`,
      dueDate: day(e.endsOn),
      // Recorded once it had ended: it happened. Recorded ahead: planned, and no clock decides it since.
      status: e.recordedAt.slice(0, 10) > e.endsOn ? 'met' : 'scheduled',
      ...(e.recordedAt.slice(0, 10) > e.endsOn ? { dateMet: day(e.endsOn) } : {}),
    })),
    ...(p.decision
      ? [
          {
            id: 'delivery-decision',
            title: 'How the service is delivered: decided',
            type: 'approval',
            description: `Chosen: ${words(p.decision.chosen)} (decision version ${p.decision.version}). ${p.decision.rationale}`,
            status: 'met',
            dateMet: instant(p.decision.decidedAt),
          },
        ]
      : []),
  ];
  return release(
    ocidFor(prefix, tender.id),
    'planning',
    dates.reduce((a, b) => (a > b ? a : b)),
    {
      parties: [{ id: tender.buyer.id, name: tender.buyer.name, roles: ['buyer', 'procuringEntity'] }],
      buyer: { id: tender.buyer.id, name: tender.buyer.name },
      planning: { rationale, ...(milestones.length ? { milestones } : {}) },
    },
  );
}
