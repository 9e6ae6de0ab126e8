export { TransparencyModule } from './transparency.module.js';
export { AUDIT_READERS } from './audit/audit-roles.js';
