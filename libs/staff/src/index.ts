import { StaffInvitation } from './invitations/staff-invitation.entity.js';
import { AuthoritySso } from './single-sign-on/authority-sso.entity.js';

export * from './staff.module.js';
export * from './staff.dto.js';
export * from './staff-roles.js';
export * from './invitations/staff-invitations.service.js';
export * from './invitations/staff-invitation.entity.js';
export * from './members/staff-members.service.js';
export * from './single-sign-on/authority-sso.entity.js';
export const STAFF_ENTITIES = [StaffInvitation, AuthoritySso];
