/** Who reads whole-life costs, and who records them (issue 15, item 8): commissioners and scrutiny members read. */
export const COST_READERS = ['commissioner', 'contract_manager', 'auditor', 'scrutiny_member'] as const;
export const COST_RECORDERS = ['contract_manager', 'auditor'] as const;
