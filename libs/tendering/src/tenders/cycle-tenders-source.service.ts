import { Injectable, type OnModuleInit } from '@nestjs/common';
import { type CycleTender, CycleTenders } from '#commissioning';
import { RequestDb } from '#platform';
import { PROCURING } from '../model/tender-status.js';
import { Tender } from './tender.entity.js';

/** Answers commissioning's questions about the tenders made from its cycles (see CycleTenders). */
@Injectable()
export class CycleTendersSource implements OnModuleInit {
  constructor(
    private readonly db: RequestDb,
    private readonly port: CycleTenders,
  ) {}

  onModuleInit(): void {
    this.port.provide({ of: (id) => this.of(id), procuringCycleIds: () => this.procuringCycleIds() });
  }

  private async of(cycleId: string): Promise<CycleTender[]> {
    const rows = await this.db.manager.find(Tender, {
      where: { cycleId },
      select: { id: true, reference: true, title: true, status: true },
      order: { reference: 'ASC' },
    });
    return rows.map((t) => ({ id: t.id, reference: t.reference, title: t.title, status: t.status, procuring: PROCURING.includes(t.status) }));
  }

  private async procuringCycleIds(): Promise<Set<string>> {
    const rows: { id: string }[] = await this.db.manager.query(`SELECT DISTINCT cycle_id AS id FROM tenders WHERE cycle_id IS NOT NULL AND status = ANY($1)`, [
      PROCURING,
    ]);
    return new Set(rows.map((r) => r.id));
  }
}
