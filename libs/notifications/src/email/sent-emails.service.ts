import { Injectable } from '@nestjs/common';
import { notFound, RequestDb } from '#platform';
import { EmailDelivery } from './email-delivery.entity.js';

/** E-mails sent for the request's authority, for the API and the admin pages alike. */
@Injectable()
export class SentEmails {
  constructor(private readonly db: RequestDb) {}

  /** Newest first, keyset-paged by id (UUIDv7, so id order is send order). */
  async page(limit: number, after?: string): Promise<{ items: EmailDelivery[]; next: string | null }> {
    const qb = this.db.manager
      .getRepository(EmailDelivery)
      .createQueryBuilder('d')
      .orderBy('d.id', 'DESC')
      .limit(limit + 1);
    if (after) qb.andWhere('d.id < :after', { after });
    const rows = await qb.getMany();
    const items = rows.slice(0, limit);
    return { items, next: rows.length > limit ? items[items.length - 1].id : null };
  }

  async one(id: string): Promise<EmailDelivery> {
    const d = await this.db.manager.findOne(EmailDelivery, { where: { id } });
    if (!d) throw notFound('E-mail');
    return d;
  }
}
