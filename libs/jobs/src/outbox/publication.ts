import { Injectable } from '@nestjs/common';
import { Outbox } from './outbox.service.js';

/** The outbox topic of an Open Contracting publication: the tender's whole contracting process, as it now stands. */
export const PUBLISH_PROCESS = 'ocds.publish-process';

/**
 * What a context calls, in its change's own transaction, when a contracting process changes in a way the
 * public should see (a tender published or ended, an award approved or made, a contract signed or ended):
 * the publication job (transparency) builds the releases later, outside the request, and a change that
 * rolls back publishes nothing.
 */
@Injectable()
export class Publication {
  constructor(private readonly outbox: Outbox) {}

  async processChanged(tenderId: string, tenantId?: string): Promise<void> {
    await this.outbox.add({ topic: PUBLISH_PROCESS, payload: { tenderId }, ...(tenantId ? { tenantId } : {}) });
  }
}
