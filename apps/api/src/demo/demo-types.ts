export type { AuthorityRole } from '#platform';
export type { LegalForm, OrganisationSize } from '#auth';
