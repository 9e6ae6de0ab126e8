import { Module } from '@nestjs/common';
import { PolicyModule } from '#policy';
import { AuditTrailController } from './audit/audit-trail.controller.js';
import { AuditTrail } from './audit/audit-trail.service.js';
import { AuditHeadsController } from './audit/audit-heads.controller.js';
import { AuditHeadsJob } from './audit/audit-heads.job.js';
import { AuditPagesController } from './pages/audit-pages.controller.js';
import { AuditPages } from './pages/audit-pages.service.js';
import { PublicPagesController } from './pages/public-pages.controller.js';
import { ConcernPagesController } from './pages/concern-pages.controller.js';
import { ScrutinyPagesController } from './pages/scrutiny-pages.controller.js';
import { PublicPages } from './pages/public-pages.service.js';
import { PublicationPagesController } from './pages/publication-pages.controller.js';
import { ConcernsController } from './scrutiny/concerns.controller.js';
import { Concerns } from './scrutiny/concerns.service.js';
import { ScrutinyCases } from './scrutiny/scrutiny-cases.service.js';
import { ScrutinyController } from './scrutiny/scrutiny.controller.js';
import { OcdsPublicController } from './ocds/public/ocds-public.controller.js';
import { OcdsPublic } from './ocds/public/ocds-public.service.js';
import { OcdsBulk } from './ocds/public/ocds-bulk.service.js';
import { OcdsPublicationJob } from './ocds/publication/ocds-publication.job.js';
import { OcdsSchemas } from './ocds/publication/ocds-schemas.service.js';
import { WithholdingsController } from './ocds/withholding/withholdings.controller.js';
import { Withholdings } from './ocds/withholding/withholdings.service.js';
import { WithholdingLapsesJob } from './ocds/withholding/withholding-lapses.job.js';

/**
 * Accountability (issue 16): the audit log as auditors read and verify it; Open Contracting publication. The chain itself is written by
 * platform's AuditLog with every change, and checked by the pure verifier in the kernel.
 */
@Module({
  imports: [PolicyModule],
  controllers: [
    AuditTrailController,
    AuditPagesController,
    OcdsPublicController,
    AuditHeadsController,
    PublicPagesController,
    ConcernsController,
    ScrutinyController,
    ConcernPagesController,
    ScrutinyPagesController,
    WithholdingsController,
    PublicationPagesController,
  ],
  providers: [
    AuditTrail,
    AuditPages,
    OcdsSchemas,
    OcdsPublic,
    OcdsBulk,
    OcdsPublicationJob,
    AuditHeadsJob,
    PublicPages,
    Concerns,
    ScrutinyCases,
    Withholdings,
    WithholdingLapsesJob,
  ],
})
export class TransparencyModule {}
