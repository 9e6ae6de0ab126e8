import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { authorityOf, JobRegistry, type OutboxJobContext } from '../runtime/job-registry.js';
import { Outbox } from '../outbox/outbox.service.js';
import { isUuid } from '#platform';

export const PROVIDER_EVENT = 'provider.event';

/** What a provider did that an authority hears about; each names the row the provider created. */
export type ProviderEventKind = 'public-character.answered' | 'delivery.reported' | 'outcome.reported' | 'outcome.explained';

export interface ProviderEvent {
  kind: ProviderEventKind;
  /** The row the provider created (a response, a delivery report). */
  id: string;
  providerId: string;
}

/** Runs in the authority's context; must read the row itself and ignore one that is not the provider's. */
export type ProviderEventHandler = (event: ProviderEvent, ctx: OutboxJobContext & { tenantId: string }) => Promise<void>;

/**
 * A provider's transaction tells an authority something through the authority's outbox: it cannot
 * read the authority's staff, so it writes one `provider.event` naming the row it created (the
 * database lets it write only that topic, in its own name, to an authority it has bid to). The job
 * runs in the authority's context; the handler for the kind re-reads the row under the authority's
 * policies and decides whom to e-mail. The payload is the provider's word, so nothing in it is
 * trusted beyond the ids: an unknown kind or a malformed id is logged and dropped, not retried.
 */
@Injectable()
export class ProviderEvents implements OnModuleInit {
  private readonly log = new Logger(ProviderEvents.name);
  private readonly handlers = new Map<ProviderEventKind, ProviderEventHandler>();

  constructor(
    private readonly outbox: Outbox,
    private readonly registry: JobRegistry,
  ) {}

  onModuleInit() {
    this.registry.onOutbox(PROVIDER_EVENT, (payload, ctx) => this.dispatch(payload, ctx));
  }

  on(kind: ProviderEventKind, handler: ProviderEventHandler): void {
    if (this.handlers.has(kind)) throw new Error(`two handlers for provider event ${kind}`);
    this.handlers.set(kind, handler);
  }

  /** In the provider's transaction, so the event exists if and only if the provider's change commits. */
  async raise(em: EntityManager, tenantId: string, event: ProviderEvent): Promise<void> {
    await this.outbox.add({ topic: PROVIDER_EVENT, tenantId, payload: { kind: event.kind, id: event.id, providerId: event.providerId } });
  }

  private async dispatch(payload: Record<string, unknown>, ctx: OutboxJobContext) {
    const tenantId = authorityOf(ctx);
    const { kind, id, providerId } = payload;
    const handler = this.handlers.get(kind as ProviderEventKind);
    if (!handler || !isUuid(id) || !isUuid(providerId)) {
      this.log.warn(`dropped provider event ${ctx.outboxId}: not a known kind with a row id and a provider id`);
      return;
    }
    await handler({ kind: kind as ProviderEventKind, id, providerId }, { ...ctx, tenantId });
  }
}
