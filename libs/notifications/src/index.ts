import { EmailDelivery } from './email/email-delivery.entity.js';

export * from './notifications.module.js';
export * from './email/email-delivery.entity.js';
export * from './email/email-templates.js';
export * from './email/mail-transport.js';
export * from './email/notifications.service.js';
export * from './email/sent-emails.service.js';
export const NOTIFICATIONS_ENTITIES = [EmailDelivery];
export { authorityPeople, emailAuthorityPeople } from './recipients/authority-people.js';
export { emailProviderPeople, providerPeople } from './recipients/provider-people.js';
export { remindEachAuthority } from './recipients/authority-reminders.js';
export type { AuthorityReminder, DueItem } from './recipients/authority-reminders.js';
