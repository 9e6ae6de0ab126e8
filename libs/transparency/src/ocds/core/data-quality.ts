import { OCID_PREFIX_PATTERN } from './releases.js';

type Obj = Record<string, unknown>;
const list = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);

/**
 * Checks beyond the schema, over one contracting process's releases (docs/domain.md, "Accountability"):
 * release ids unique within the ocid, the ocid under a well-formed prefix, each contract's awardID naming
 * an award of the process, a contract's transactions adding up to no more than its value, dates in order
 * (signed, then paid, then published), every codelist value one the codelist has, and what is withheld said
 * with its field and its reason. Returns what is
 * wrong, each in words; empty when nothing is.
 */
export function dataQualityProblems(ocid: string, releases: readonly Obj[], codelist: (name: string) => ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const prefix = /^(ocds-[a-z0-9]+)-/.exec(ocid)?.[1];
  if (!prefix || !OCID_PREFIX_PATTERN.test(prefix)) problems.push(`${ocid}: the ocid does not start with a prefix of the form ocds-xxxxxx`);
  const ids = new Set<string>();
  const awards = new Set<string>();
  for (const r of releases) {
    if (r.ocid !== ocid) problems.push(`${String(r.id)}: belongs to ${String(r.ocid)}, not ${ocid}`);
    if (ids.has(String(r.id))) problems.push(`${String(r.id)}: the release id is used twice in ${ocid}`);
    ids.add(String(r.id));
    for (const a of list(r.awards)) awards.add(String(a.id));
  }
  const code = (name: string, value: unknown, where: string) => {
    if (value !== undefined && !codelist(name).has(String(value))) problems.push(`${where}: ${String(value)} is not in the ${name} codelist`);
  };
  const signedOn = new Map<string, string>();
  for (const r of releases) for (const c of list(r.contracts)) if (c.dateSigned) signedOn.set(String(c.id), String(c.dateSigned));
  for (const r of releases) {
    const at = String(r.id);
    for (const t of list(r.tag ? (r.tag as unknown[]).map((x) => ({ x })) : [])) code('releaseTag', t.x, `${at} tag`);
    code('initiationType', r.initiationType, `${at} initiationType`);
    const tender = (r.tender ?? {}) as Obj;
    code('tenderStatus', tender.status, `${at} tender.status`);
    code('method', tender.procurementMethod, `${at} tender.procurementMethod`);
    code('procurementCategory', tender.mainProcurementCategory, `${at} tender.mainProcurementCategory`);
    code('awardCriteria', tender.awardCriteria, `${at} tender.awardCriteria`);
    for (const m of (tender.submissionMethod as unknown[] | undefined) ?? []) code('submissionMethod', m, `${at} tender.submissionMethod`);
    for (const d of list(tender.documents)) code('documentType', d.documentType, `${at} tender.documents ${String(d.id)}`);
    for (const p of list(r.parties)) for (const role of (p.roles as unknown[] | undefined) ?? []) code('partyRole', role, `${at} parties ${String(p.id)}`);
    for (const a of list(r.awards)) code('awardStatus', a.status, `${at} awards ${String(a.id)}`);
    for (const m of list(((r.planning ?? {}) as Obj).milestones)) {
      code('milestoneType', m.type, `${at} planning milestone ${String(m.id)}`);
      code('milestoneStatus', m.status, `${at} planning milestone ${String(m.id)}`);
    }
    // What is withheld is said to be, and why: an item with no field or no reason tells the reader nothing.
    const withheld = list(r.withheldInformation);
    if (new Set(withheld.map((w) => w.id)).size !== withheld.length) problems.push(`${at}: a withheld information id is used twice`);
    for (const w of withheld)
      if (!w.id || !w.field || !w.rationale || !list(w.rationaleClassifications).length)
        problems.push(`${at}: withheld information ${String(w.id)} does not say which field and why`);
    for (const c of list(r.contracts)) {
      code('contractStatus', c.status, `${at} contracts ${String(c.id)}`);
      if (!awards.has(String(c.awardID))) problems.push(`${at}: contract ${String(c.id)}'s awardID ${String(c.awardID)} names no award of ${ocid}`);
      const signed = c.dateSigned as string | undefined;
      if (signed && signed > String(r.date)) problems.push(`${at}: contract ${String(c.id)} is signed after the release's date`);
      for (const m of list((c.implementation as Obj | undefined)?.milestones)) {
        code('milestoneType', m.type, `${at} contracts ${String(c.id)} milestone ${String(m.id)}`);
        code('milestoneStatus', m.status, `${at} contracts ${String(c.id)} milestone ${String(m.id)}`);
      }
      const signature = signedOn.get(String(c.id));
      for (const t of list((c.implementation as Obj | undefined)?.transactions)) {
        // A payment is made on a day: it may not fall on a day before the contract was signed (whichever of the
        // process's releases says when), or after the release.
        const on = String(t.date ?? '');
        if ((signature && on.slice(0, 10) < signature.slice(0, 10)) || on > String(r.date))
          problems.push(`${at}: transaction ${String(t.id)} is dated outside signature to release`);
      }
    }
  }
  // Each contract's payments (every transaction once, however many releases repeat it) within its value as it
  // stands in the latest release that gives one (a variation may have raised it).
  for (const [id, { value, paid, transactions, paymentsMet }] of contractMoney(releases)) {
    if (paid > value) problems.push(`${ocid}: contract ${id}'s transactions add up to more than its value`);
    // A payment milestone met is a payment made, so among the transactions (the milestoneType codelist's rule).
    if (paymentsMet.size > transactions)
      problems.push(`${ocid}: contract ${id} has ${paymentsMet.size} payment milestones met but ${transactions} payments made`);
  }
  return problems;
}

/** Per contract: its value in pennies as of the latest release that states it, its distinct transactions (their sum, their number), and its payment milestones met. */
function contractMoney(releases: readonly Obj[]) {
  const pennies = (v: unknown) => Math.round(Number(((v as Obj | undefined) ?? {}).amount ?? 0) * 100);
  const out = new Map<string, { value: number; valueDate: string; paid: number; seen: Set<string>; transactions: number; paymentsMet: Set<string> }>();
  for (const r of releases)
    for (const c of list(r.contracts)) {
      const id = String(c.id);
      const entry = out.get(id) ?? { value: 0, valueDate: '', paid: 0, seen: new Set<string>(), transactions: 0, paymentsMet: new Set<string>() };
      for (const m of list((c.implementation as Obj | undefined)?.milestones))
        if (m.type === 'payment' && m.status === 'met') entry.paymentsMet.add(String(m.id));
      if (c.value && String(r.date) >= entry.valueDate) Object.assign(entry, { value: pennies(c.value), valueDate: String(r.date) });
      for (const t of list((c.implementation as Obj | undefined)?.transactions))
        if (!entry.seen.has(String(t.id))) {
          entry.seen.add(String(t.id));
          entry.paid += pennies(t.value);
          entry.transactions++;
        }
      out.set(id, entry);
    }
  return out;
}
