import argon2 from 'argon2';
import { Authority, Membership, ProviderMembership, ProviderOrganisation, User } from '#auth';
import { AuditEvent, auditEventRow, newId, type OwnerTransactions } from '#platform';
import { BidSubmission, sealedContent } from '#bids';
import { OutboxMessage, PUBLISH_PROCESS } from '#jobs';
import { Clarification, exampleModel, Tender, TenderInterest } from '#tendering';
import { contentHash } from '#kernel';
import { DEFAULT_POLICY_PACK, type PolicyPack, PolicyPackVersion } from '#policy';
import { seedCycles } from './demo-cycles.js';
import { seedEvaluation } from './demo-evaluation.js';
import { REOFFENDING } from './demo-award-reoffending.js';
import { FALLS_PREVENTION } from './demo-award-falls.js';
import { demoSnapshot, seedLibraries } from './demo-public-character.js';
import { demoSocialValue } from './demo-social-value.js';
import { DEMO_AUTHORITIES, DEMO_OPERATOR, DEMO_PASSWORD, DEMO_PROVIDERS, DEMO_STAFF, NORTHMERE_POLICY } from './demo-world.js';

export class SeedRefusedError extends Error {}

/** How each awarded demo tender was evaluated and what has happened on its contract since. */
const AWARDS = new Map([REOFFENDING, FALLS_PREVENTION].map((s) => [s.reference, s]));

/**
 * Seeds the demo world (docs/domain.md section 9) as the owner. Idempotent: a
 * database that already has the demo authorities is left alone. Refused in
 * production, where demo accounts with a published password must never exist.
 */
export async function seedDemo(owner: OwnerTransactions, nodeEnv: string): Promise<'seeded' | 'already-seeded'> {
  if (nodeEnv === 'production') throw new SeedRefusedError('Refusing to seed demo data when NODE_ENV=production');
  const people = [
    ...DEMO_AUTHORITIES.flatMap((a) => DEMO_STAFF.map((s) => ({ email: `${s.local}@${a.slug}.test`, name: `${s.name}, ${a.name}` }))),
    ...DEMO_PROVIDERS.map((p) => ({ email: p.email, name: p.person })),
    { email: DEMO_OPERATOR.email, name: DEMO_OPERATOR.name },
  ];
  // Hash before the transaction: argon2 is slow on purpose and must not hold the database.
  const hashes = await Promise.all(people.map(() => argon2.hash(DEMO_PASSWORD)));
  return owner.run(async (em) => {
    if (await em.exists(Authority, { where: { slug: DEMO_AUTHORITIES[0].slug } })) return 'already-seeded';
    const userIds = new Map<string, string>();
    await em.insert(
      User,
      people.map((p, i) => {
        const id = newId();
        userIds.set(p.email, id);
        return { id, email: p.email, displayName: p.name, passwordHash: hashes[i], isPlatformOperator: p.email === DEMO_OPERATOR.email, failedLoginCount: 0 };
      }),
    );
    // Deadlines at noon UTC, so a demo started at any hour shows the same reminders.
    const today = new Date();
    const now = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate(), 12);
    const providerIds = new Map(DEMO_PROVIDERS.map((p) => [p.email, newId()]));
    const interests: { tenantId: string; tenderId: string; emails: readonly string[] }[] = [];
    const bids: { tenantId: string; tenderId: string; provider: string; price: string; deadline: Date }[] = [];
    const questions: { tenantId: string; tenderId: string; commissioner: string; provider: string; question: string; answer?: string }[] = [];
    for (const a of DEMO_AUTHORITIES) {
      const tenantId = newId();
      await em.insert(Authority, { id: tenantId, slug: a.slug, name: a.name });
      const policyVersion = a.slug === 'northmere' ? 1 : 0;
      if (policyVersion) {
        const pack: PolicyPack = {
          ...structuredClone(DEFAULT_POLICY_PACK),
          ...(structuredClone(NORTHMERE_POLICY) as unknown as Partial<PolicyPack>),
        };
        await em.insert(PolicyPackVersion, { id: newId(), tenantId, version: 1, pack, createdBy: userIds.get(`admin@${a.slug}.test`)!, createdAt: new Date() });
      }
      await em.insert(
        Membership,
        DEMO_STAFF.map((s) => ({ id: newId(), tenantId, userId: userIds.get(`${s.local}@${a.slug}.test`)!, roles: s.roles })),
      );
      const tenderIds = new Map<string, string>();
      for (const t of a.tenders) {
        const deadline = t.deadlineDays === null ? null : new Date(now + t.deadlineDays * 86_400_000);
        const publishedAt = t.status === 'draft' ? null : new Date((deadline?.getTime() ?? now) - 45 * 86_400_000);
        const tenderId = newId();
        tenderIds.set(t.reference, tenderId);
        if ('followedBy' in t) interests.push({ tenantId, tenderId, emails: t.followedBy });
        if ('questions' in t)
          for (const q of t.questions) questions.push({ tenantId, tenderId, commissioner: userIds.get(`commissioner@${a.slug}.test`)!, ...q });
        if ('bids' in t) for (const b of t.bids) bids.push({ tenantId, tenderId, provider: b.provider, price: b.price, deadline: deadline! });
        // The database takes bids only while a tender is open: a closed (or awarded) tender with bids is seeded open and closed after its bids.
        const seededOpen = (t.status === 'closed' || t.status === 'awarded') && 'bids' in t;
        await em.insert(Tender, {
          id: tenderId,
          tenantId,
          reference: t.reference,
          title: t.title,
          description: t.description,
          status: seededOpen ? 'published' : t.status,
          estimatedValue: t.value,
          currency: 'GBP',
          publishedAt,
          submissionDeadline: seededOpen ? new Date(Date.now() + 3_600_000) : deadline,
          policyPackVersion: policyVersion,
          // Price 40, quality 30, social value 20, public character 10: within both demo policies.
          evaluationModel: exampleModel(),
          modelHash: t.status === 'draft' ? null : contentHash(exampleModel()),
          // Published on the default public character framework (version 0), as publication records it.
          publicCharacterFrameworkVersion: t.status === 'draft' ? null : 0,
          socialValueCatalogueVersion: t.status === 'draft' ? null : 0,
        });
      }
      await seedCycles(em, a.slug, tenantId, tenderIds, userIds.get(`commissioner@${a.slug}.test`)!, now);
      await em.insert(
        AuditEvent,
        auditEventRow({
          tenantId,
          actorUserId: null,
          actorApiKeyId: null,
          action: 'demo.seeded',
          entityType: 'authority',
          entityId: tenantId,
          requestId: null,
          data: {},
        }),
      );
    }
    for (const p of DEMO_PROVIDERS) {
      const providerId = providerIds.get(p.email)!;
      await em.insert(ProviderOrganisation, {
        id: providerId,
        name: p.name,
        legalForm: p.legalForm,
        size: p.size,
        voluntaryCommunitySector: p.voluntaryCommunitySector,
        companiesHouseNumber: p.companiesHouseNumber ?? null,
        charityNumber: p.charityNumber ?? null,
        otherRegistration: p.otherRegistration ?? null,
      });
      await em.insert(ProviderMembership, { id: newId(), providerId, userId: userIds.get(p.email)!, roles: ['provider_admin', 'bid_writer'] });
    }
    for (const i of interests) {
      await em.insert(
        TenderInterest,
        i.emails.map((email) => ({
          id: newId(),
          tenantId: i.tenantId,
          tenderId: i.tenderId,
          providerId: providerIds.get(email)!,
          registeredBy: userIds.get(email)!,
        })),
      );
    }
    for (const q of questions) {
      const askedAt = new Date(now - 6 * 86_400_000);
      await em.insert(Clarification, {
        id: newId(),
        tenantId: q.tenantId,
        tenderId: q.tenderId,
        providerId: providerIds.get(q.provider)!,
        askedBy: userIds.get(q.provider)!,
        question: q.question,
        askedAt,
        publishedQuestion: q.answer ? q.question : null,
        answer: q.answer ?? null,
        answeredAt: q.answer ? new Date(askedAt.getTime() + 86_400_000) : null,
        answeredBy: q.answer ? q.commissioner : null,
      });
    }
    const libraries = await seedLibraries(em, providerIds, userIds, now);
    for (const b of bids) {
      const answers = demoAnswers(b.provider);
      const submittedAt = new Date(Math.min(Date.now(), b.deadline.getTime() - 2 * 86_400_000));
      const publicCharacter = demoSnapshot(libraries.get(b.provider)!, submittedAt);
      const socialValue = demoSocialValue(b.provider, b.price);
      const sealed = sealedContent({
        tenderId: b.tenderId,
        modelHash: contentHash(exampleModel()),
        lotKey: 'lot-1',
        answers,
        price: b.price,
        costProfile: null,
        documents: [],
        publicCharacter,
        socialValue,
      });
      await em.insert(BidSubmission, {
        id: newId(),
        tenantId: b.tenantId,
        tenderId: b.tenderId,
        providerId: providerIds.get(b.provider)!,
        lotKey: 'lot-1',
        version: 1,
        answers,
        price: b.price,
        costProfile: null,
        documents: [],
        publicCharacter,
        socialValue,
        contentHash: sealed.hash,
        content: sealed.text,
        submittedBy: userIds.get(b.provider)!,
        submittedAt,
      });
    }
    for (const a of DEMO_AUTHORITIES) {
      for (const t of a.tenders.filter((x) => (x.status === 'closed' || x.status === 'awarded') && 'bids' in x)) {
        const deadline = new Date(now + t.deadlineDays! * 86_400_000);
        await em.update(Tender, { reference: t.reference }, { status: t.status === 'awarded' ? 'evaluation' : 'closed', submissionDeadline: deadline });
        if (t.status === 'awarded') await seedEvaluation(em, AWARDS.get(t.reference)!, deadline, userIds);
      }
    }
    // The demo's history was written here, not through the services: queue each published process's
    // publication (Open Contracting releases) as the changes that made it would have.
    const published: { id: string; tenant_id: string }[] = await em.query(
      `SELECT id, tenant_id FROM tenders WHERE status <> 'draft' AND published_at IS NOT NULL`,
    );
    for (const t of published) await em.insert(OutboxMessage, { id: newId(), tenantId: t.tenant_id, topic: PUBLISH_PROCESS, payload: { tenderId: t.id } });
    return 'seeded';
  });
}

/** A bid's answers to the example model's questions, in the provider's own voice. */
function demoAnswers(provider: string): Record<string, string> {
  const who = DEMO_PROVIDERS.find((p) => p.email === provider)!.name;
  return {
    delivery: `${who} will run the clubs with local volunteers and paid youth workers, open five evenings a week.`,
    safeguarding: `${who} follows the local safeguarding partnership's procedures; every worker is DBS-checked and trained yearly.`,
    'local-jobs': `${who} will recruit its youth workers from the wards it serves and pay the real Living Wage.`,
    'shared-ownership': `Young people sit on the board of ${who} and on each club's committee.`,
  };
}
