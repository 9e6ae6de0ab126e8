import { Module } from '@nestjs/common';
import { AuditTrailController } from './audit/audit-trail.controller.js';
import { AuditTrail } from './audit/audit-trail.service.js';
import { AuditHeadsController } from './audit/audit-heads.controller.js';
import { AuditHeadsJob } from './audit/audit-heads.job.js';
import { AuditPagesController } from './pages/audit-pages.controller.js';
import { AuditPages } from './pages/audit-pages.service.js';
import { PublicPagesController } from './pages/public-pages.controller.js';
import { PublicPages } from './pages/public-pages.service.js';
import { OcdsPublicController } from './ocds/public/ocds-public.controller.js';
import { OcdsPublic } from './ocds/public/ocds-public.service.js';
import { OcdsBulk } from './ocds/public/ocds-bulk.service.js';
import { OcdsPublicationJob } from './ocds/publication/ocds-publication.job.js';
import { OcdsSchemas } from './ocds/publication/ocds-schemas.service.js';

/**
 * Accountability (issue 16): the audit log as auditors read and verify it; Open Contracting publication. The chain itself is written by
 * platform's AuditLog with every change, and checked by the pure verifier in the kernel.
 */
@Module({
  controllers: [AuditTrailController, AuditPagesController, OcdsPublicController, AuditHeadsController, PublicPagesController],
  providers: [AuditTrail, AuditPages, OcdsSchemas, OcdsPublic, OcdsBulk, OcdsPublicationJob, AuditHeadsJob, PublicPages],
})
export class TransparencyModule {}
