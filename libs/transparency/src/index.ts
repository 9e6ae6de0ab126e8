export { TransparencyModule } from './transparency.module.js';
export { AUDIT_READERS } from './audit/audit-roles.js';
export { dataQualityProblems } from './ocds/core/data-quality.js';
export { ocdsValidators } from './ocds/core/ocds-schemas.js';
export { compiledRelease, mergeRules } from './ocds/core/merge.js';
export { processReleases } from './ocds/core/process.js';
export { AuditHeadsJob } from './audit/audit-heads.job.js';
export { OcdsPublicationJob } from './ocds/publication/ocds-publication.job.js';
export { WithholdingLapsesJob } from './ocds/withholding/withholding-lapses.job.js';
