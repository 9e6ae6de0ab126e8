import { Injectable } from '@nestjs/common';
import { isCalendarDate, londonDateTime, joinDateParts } from '#kernel';
import type { FieldError } from '#web';
import { type AuditEventView, type AuditFilter, AuditTrail } from '../audit/audit-trail.service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KIND_NAMES: Record<string, string> = {
  altered: 'An event was altered',
  deleted: 'An event was deleted',
  inserted: 'An event was inserted',
  reordered: 'Events were reordered',
  rewritten: 'The history was rewritten',
};
const fieldError = (field: string, text: string): FieldError => ({ field, href: `#${field}`, text });
export type AuditPageQuery = Partial<Record<'from' | 'to' | 'actor' | 'entityType' | 'entityId' | 'action' | 'before', string>>;

/** The audit log's pages (issue 16, item 2): the log filtered, one event whole, the chain verified. */
@Injectable()
export class AuditPages {
  constructor(private readonly trail: AuditTrail) {}

  /** The filters an address asks for: what is not a filter is dropped; a day that does not exist is named. */
  parse(asked: AuditPageQuery): { filter: AuditFilter; errors: FieldError[]; before?: number; query: AuditPageQuery } {
    // The filter form types its days in GOV.UK's three boxes (from-day, from-month, from-year); a link says from=YYYY-MM-DD.
    const query = { ...asked } as AuditPageQuery & Record<string, unknown>;
    joinDateParts(query);
    const errors: FieldError[] = [];
    const filter: AuditFilter = {};
    for (const key of ['from', 'to'] as const) {
      const v = query[key]?.trim();
      if (!v) continue;
      if (isCalendarDate(v)) filter[key] = v;
      else errors.push(fieldError(key, `Enter the ${key === 'from' ? 'first' : 'last'} day as a date that exists, for example 31 3 2026`));
    }
    if (filter.from && filter.to && filter.from > filter.to) {
      errors.push(fieldError('to', 'The last day must be the same as the first day or later'));
      delete filter.to;
    }
    if (query.actor && UUID.test(query.actor)) filter.actor = query.actor;
    if (query.entityType && /^[a-z][a-z0-9_]{0,59}$/.test(query.entityType)) filter.entityType = query.entityType;
    if (query.entityId && UUID.test(query.entityId)) filter.entityId = query.entityId;
    if (query.action && /^[a-z][a-z0-9_.-]{0,99}$/.test(query.action)) filter.action = query.action;
    const before = query.before && /^\d{1,15}$/.test(query.before) ? Number(query.before) : undefined;
    return { filter, errors, before, query };
  }

  async log(query: AuditPageQuery) {
    const { filter, errors, before, query: typed } = this.parse(query);
    const choices = await this.trail.choices();
    const page = errors.length ? { items: [], next: null } : await this.trail.list(filter, { limit: 100, before });
    const params = (extra: Record<string, string | undefined> = {}) =>
      new URLSearchParams(Object.entries({ ...filter, ...extra }).filter((x): x is [string, string] => !!x[1])).toString();
    return {
      title: 'Audit log',
      errors,
      form: { from: typed.from ?? '', to: typed.to ?? '' },
      fromError: errors.find((e) => e.field === 'from')?.text,
      toError: errors.find((e) => e.field === 'to')?.text,
      actorOptions: [
        { value: '', text: 'Anyone', selected: !filter.actor },
        ...choices.actors.map((a) => ({ value: a.id, text: a.name, selected: a.id === filter.actor })),
      ],
      actionOptions: [
        { value: '', text: 'Any action', selected: !filter.action },
        ...choices.actions.map((a) => ({ value: a, text: a, selected: a === filter.action })),
      ],
      typeOptions: [
        { value: '', text: 'Any record', selected: !filter.entityType },
        ...choices.entityTypes.map((t) => ({ value: t, text: t.replace(/_/g, ' '), selected: t === filter.entityType })),
      ],
      entityId: filter.entityId ?? null,
      events: page.items.map(row),
      filtered: Object.keys(filter).length > 0,
      csvHref: `/audit/events.csv${params() ? `?${params()}` : ''}`,
      nextHref: page.next ? `/audit?${params({ before: String(page.next) })}` : null,
      firstHref: before ? `/audit${params() ? `?${params()}` : ''}` : null,
    };
  }

  async event(id: string) {
    const e = await this.trail.one(id);
    return {
      title: `Audit event ${e.seq}`,
      event: { ...row(e), requestId: e.requestId, prevHash: e.prevHash, contentHash: e.contentHash, hash: e.hash, data: JSON.stringify(e.data, null, 2) },
      sameRecordHref: e.entityId ? `/audit?${new URLSearchParams({ entityId: e.entityId }).toString()}` : null,
    };
  }

  async verification() {
    const v = await this.trail.verify();
    return {
      title: 'Audit log verification',
      valid: v.valid,
      verified: v.verified.toLocaleString('en-GB'),
      seconds: (v.milliseconds / 1000).toFixed(1),
      checkedAt: londonDateTime(v.checkedAt),
      head: v.head,
      recordedHead: v.recordedHead,
      publishedHeads: v.publishedHeads,
      authoritySlug: v.authority,
      broken: v.break && { heading: KIND_NAMES[v.break.kind], seq: v.break.seq, detail: v.break.detail, eventId: v.break.eventId },
    };
  }
}

function row(e: AuditEventView) {
  return {
    seq: e.seq,
    id: e.id,
    href: `/audit/events/${e.id}`,
    when: londonDateTime(e.occurredAt),
    who: e.actor.name ?? (e.actor.apiKeyName ? `API key “${e.actor.apiKeyName}”` : e.actor.apiKeyId ? 'An API key' : 'The system'),
    action: e.action,
    record: e.entityType.replace(/_/g, ' '),
    entityId: e.entityId,
  };
}
