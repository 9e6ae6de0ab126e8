import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { JobRegistry, Outbox } from '#jobs';
import { APP_CONFIG, type AppConfig, newId } from '#platform';
import { Authority, ProviderOrganisation } from '#auth';
import { EmailDelivery } from './email-delivery.entity.js';
import { EmailTemplates } from './email-templates.js';
import { MailTransport } from './mail-transport.js';

export const EMAIL_TOPIC = 'email.send';

export interface EmailRequest {
  to: string;
  template: string;
  data: Record<string, unknown>;
  tenantId?: string;
  /** A provider's own message (an invitation to its team): sent for the provider, belonging to no authority. */
  providerId?: string;
}

interface EmailPayload {
  to: string;
  template: string;
  data: Record<string, unknown>;
}

/**
 * E-mail as a side effect of a change: `email()` writes an outbox message in
 * the caller's transaction; the job renders and sends it later, in the
 * authority's context, and records the delivery in the same transaction that
 * marks the message done.
 */
@Injectable()
export class Notifications implements OnModuleInit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outbox: Outbox,
    private readonly registry: JobRegistry,
    private readonly templates: EmailTemplates,
    private readonly transport: MailTransport,
  ) {}

  onModuleInit() {
    this.registry.onOutbox(EMAIL_TOPIC, (payload, ctx) => this.deliver(payload as unknown as EmailPayload, ctx, ctx.outboxId));
  }

  async email(requests: EmailRequest | EmailRequest[]): Promise<string[]> {
    const list = Array.isArray(requests) ? requests : [requests];
    for (const r of list) {
      // Fail in the caller's transaction, not later in a job nobody watches.
      if (!this.templates.has(r.template)) throw new Error(`no e-mail template ${r.template}`);
    }
    return this.outbox.add(
      list.map((r) => ({ topic: EMAIL_TOPIC, tenantId: r.tenantId, providerId: r.providerId, payload: { to: r.to, template: r.template, data: r.data } })),
    );
  }

  private async deliver(payload: EmailPayload, owner: { em: EntityManager; tenantId?: string; providerId?: string }, outboxId: string) {
    const { em, tenantId, providerId } = owner;
    // Whom the message is sent for: the authority, or the provider for its own messages (the footer names them).
    const sender = tenantId ? await em.findOneByOrFail(Authority, { id: tenantId }) : await em.findOneByOrFail(ProviderOrganisation, { id: providerId! });
    const rendered = this.templates.render(payload.template, { authorityName: sender.name, forProvider: !tenantId, ...payload.data });
    const messageId = `<${outboxId}@${new URL(this.config.PUBLIC_BASE_URL).hostname}>`;
    const delivery = {
      id: newId(),
      tenantId: tenantId ?? null,
      providerId: providerId ?? null,
      outboxId,
      template: payload.template,
      toAddress: payload.to,
      subject: rendered.subject,
      textBody: rendered.text,
      htmlBody: rendered.html,
      messageId,
    };
    // Recorded before sending: a constraint problem stops us before anything leaves.
    await em.insert(EmailDelivery, { ...delivery, transport: this.transport.kind, fileName: this.transport.fileNameFor(messageId) });
    await this.transport.send({ ...rendered, to: payload.to, messageId });
  }
}
