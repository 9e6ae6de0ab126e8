import { Global, Module } from '@nestjs/common';
import { EmailTemplates } from './email/email-templates.js';
import { EmailsController } from './email/emails.controller.js';
import { MailTransport } from './email/mail-transport.js';
import { Notifications } from './email/notifications.service.js';
import { SentEmails } from './email/sent-emails.service.js';

@Global()
@Module({
  controllers: [EmailsController],
  providers: [EmailTemplates, MailTransport, Notifications, SentEmails],
  exports: [Notifications, EmailTemplates, SentEmails],
})
export class NotificationsModule {}
