/** Who decides what is withheld from a contract's open data (a person among them: an API key never does). */
export const WITHHOLDING_DECIDERS = ['contract_manager', 'commissioner'] as const;
/** Who reads what is withheld: those who read the contract. */
export const WITHHOLDING_READERS = ['commissioner', 'contract_manager', 'auditor', 'scrutiny_member'] as const;
