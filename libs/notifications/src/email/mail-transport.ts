import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Transporter, TransportOptions } from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '#platform';
import type { RenderedEmail } from './email-templates.js';

export interface OutgoingEmail extends RenderedEmail {
  to: string;
  /** Stable per outbox message, so a message sent twice carries one identity. */
  messageId: string;
}

/**
 * SMTP when SMTP_URL is set; otherwise each message is written as an .eml file
 * to the mail folder (and listed on the admin page), so the embedded demo shows
 * real e-mails without a mail server.
 *
 * Nodemailer is loaded at the first message: an API beside a worker sends none (the worker does), and need not
 * hold it (issue 19, memory).
 */
@Injectable()
export class MailTransport implements OnApplicationShutdown {
  private transporter?: Promise<Transporter>;
  readonly kind: 'smtp' | 'folder';

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.kind = config.SMTP_URL ? 'smtp' : 'folder';
  }

  private transport(): Promise<Transporter> {
    this.transporter ??= import('nodemailer').then(({ default: nodemailer }) =>
      this.config.SMTP_URL
        ? nodemailer.createTransport({ url: this.config.SMTP_URL, pool: true, maxConnections: 8 } as TransportOptions)
        : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' }),
    );
    return this.transporter;
  }

  /** The file a message is written to in folder mode: one per message id, so a resend overwrites, never duplicates. */
  fileNameFor(messageId: string): string | null {
    return this.kind === 'folder' ? `${messageId.replace(/^<|@.*$/g, '').replace(/[^a-z0-9-]/gi, '')}.eml` : null;
  }

  async send(email: OutgoingEmail): Promise<void> {
    const transporter = await this.transport();
    const info = await transporter.sendMail({
      from: this.config.MAIL_FROM,
      to: email.to,
      subject: email.subject,
      text: email.text,
      html: email.html,
      messageId: email.messageId,
    });
    const fileName = this.fileNameFor(email.messageId);
    if (!fileName) return;
    await mkdir(this.config.mailDir, { recursive: true });
    await writeFile(join(this.config.mailDir, fileName), (info as unknown as { message: Buffer }).message);
  }

  async onApplicationShutdown() {
    (await this.transporter?.catch(() => undefined))?.close();
  }
}
