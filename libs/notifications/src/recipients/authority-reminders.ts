import type { EntityManager } from 'typeorm';
import { forEachAuthorityDue } from '#jobs';
import type { AuthorityRole, ContextRunner } from '#platform';
import type { Notifications } from '../email/notifications.service.js';
import { emailAuthorityPeople } from './authority-people.js';

/** Something due at an authority: open (coming up) or overdue. */
export interface DueItem {
  kind: 'open' | 'overdue';
}

/**
 * One morning digest per authority (performance assessments due, services to review): what is due is read
 * in the authority's own context; each item is claimed (an INSERT … ON CONFLICT DO NOTHING in a table of
 * reminders sent) in the transaction that queues the e-mail to everyone with the role, so a second run, or
 * two workers at once, send nothing twice. The e-mail's data: recipientName, overdue, open, count, one.
 */
export interface AuthorityReminder<T extends DueItem> {
  roles: AuthorityRole[];
  template: string;
  /** What is due in the authority in context and not reminded of yet. */
  due(em: EntityManager): Promise<T[]>;
  /** Claims one item's reminder: false when another run claimed it first. */
  claim(em: EntityManager, tenantId: string, item: T): Promise<boolean>;
  /** The item as the e-mail lists it (a link to it, say). */
  line(item: T): Record<string, unknown>;
}

/** Returns how many authorities it reminded. */
export function remindEachAuthority<T extends DueItem>(runner: ContextRunner, notifications: Notifications, reminder: AuthorityReminder<T>): Promise<number> {
  return forEachAuthorityDue(
    runner,
    async (em) => {
      const due = await reminder.due(em);
      return due.length ? [due] : [];
    },
    (tenantId, due) =>
      runner.run({ tenantId }, async (em) => {
        const claimed: T[] = [];
        for (const item of due) if (await reminder.claim(em, tenantId, item)) claimed.push(item);
        if (!claimed.length) return false;
        const list = (kind: DueItem['kind']) => claimed.filter((d) => d.kind === kind).map((d) => reminder.line(d));
        await emailAuthorityPeople(em, notifications, {
          tenantId,
          roles: reminder.roles,
          template: reminder.template,
          data: (p) => ({ recipientName: p.display_name, overdue: list('overdue'), open: list('open'), count: claimed.length, one: claimed.length === 1 }),
        });
        return true;
      }),
  );
}
