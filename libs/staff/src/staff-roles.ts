import type { AuthorityRole } from '#platform';

/** What each role lets a person do, in the words the admin and the invited person read. */
export const ROLE_TEXT: Record<AuthorityRole, { name: string; hint: string }> = {
  authority_admin: { name: 'Authority admin', hint: 'Manages staff, API keys, the policy pack, and sees e-mails sent and failed jobs' },
  commissioner: { name: 'Commissioner', hint: 'Runs commissioning cycles, builds and publishes tenders, awards contracts' },
  evaluator: { name: 'Evaluator', hint: 'Marks the bids they are assigned to' },
  contract_manager: { name: 'Contract manager', hint: 'Manages contracts after the award: outcomes, payments, changes and reviews' },
  auditor: { name: 'Auditor', hint: 'Reads everything, including the audit log and whole-life costs' },
  scrutiny_member: { name: 'Scrutiny member', hint: 'An elected member: reads contracts and costs and raises scrutiny cases' },
};

/** "commissioner and evaluator", for sentences. */
export function rolesInWords(roles: readonly AuthorityRole[]): string {
  const names = roles.map((r) => ROLE_TEXT[r].name.toLowerCase());
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? '');
}
