/** Who reads the audit log and verifies its chain: auditors (docs/domain.md: read-only over everything, the audit log included). */
export const AUDIT_READERS = ['auditor'] as const;
