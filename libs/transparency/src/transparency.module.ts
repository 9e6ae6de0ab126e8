import { Module } from '@nestjs/common';
import { AuditTrailController } from './audit/audit-trail.controller.js';
import { AuditTrail } from './audit/audit-trail.service.js';
import { AuditPagesController } from './pages/audit-pages.controller.js';
import { AuditPages } from './pages/audit-pages.service.js';

/**
 * Accountability (issue 16): the audit log as auditors read and verify it. The chain itself is written by
 * platform's AuditLog with every change, and checked by the pure verifier in the kernel.
 */
@Module({
  controllers: [AuditTrailController, AuditPagesController],
  providers: [AuditTrail, AuditPages],
})
export class TransparencyModule {}
