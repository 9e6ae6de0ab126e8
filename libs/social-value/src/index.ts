export { CSV_COLUMNS } from './catalogue/catalogue-csv.js';
export type { CatalogueMeasure } from './catalogue/catalogue-csv.js';
export { DEFAULT_CATALOGUE } from './catalogue/default-catalogue.js';
export { SocialValueCatalogues } from './catalogue/social-value-catalogues.service.js';
export { commitmentProblems, valueCommitments } from './commitments/bid-commitments.js';
export type { CommitmentInput, SocialValueSnapshot } from './commitments/bid-commitments.js';
export { SocialValueModule } from './social-value.module.js';
import { SOCIAL_VALUE_ENTITIES as CATALOGUE_ENTITIES } from './catalogue/catalogue.entities.js';
export const SOCIAL_VALUE_ENTITIES = [...CATALOGUE_ENTITIES];
