export * from './config/app-config.js';
export * from './database/data-source.factory.js';
export * from './database/database.module.js';
export * from './database/db-context.js';
export * from './database/ids.js';
export { entityRows, limitClause } from './database/entity-rows.js';
export { preparable } from './database/prepared-statements.js';
export * from './database/rls-guard.js';
export * from './database/transaction-runner.js';
export * from './errors/problem.js';
export * from './errors/problem.filter.js';
export * from './http/configure-http.js';
export { markNoStore } from './http/no-store.js';
export * from './platform.module.js';
export * from './tenancy/principal.js';
export * from './tenancy/request-context.js';
export * from './tenancy/request-db.service.js';
export * from './tenancy/transaction.interceptor.js';
export * from './audit/audit-event.entity.js';
export * from './audit/audit-log.service.js';
export * from './http/access.decorator.js';
export * from './health/redis.provider.js';
export * from './http/uuid-param.js';
export * from './http/query-int.js';
export * from './project-path.js';
export * from './templates/template-set.js';
export * from './errors/validation-pipe.js';
export { sqlState } from './database/sql-state.js';
export { namedRows } from './http/named-rows.js';
export { checkedUpload, screenedUpload } from './storage/checked-upload.js';
export { type BundledDocumentState, DocumentDownloads, type DownloadableDocument, SCAN_WAIT_SECONDS } from './storage/document-downloads.service.js';
export { StoredDocumentScans, type DocumentOwner, type LateScanCounts } from './storage/stored-document-scans.service.js';
export type { Upload } from './storage/checked-upload.js';
export { DOCUMENT_STORAGE } from './storage/document-storage.js';
export type { DocumentStorage } from './storage/document-storage.js';
export { ALLOWED_TYPES } from './storage/document-type.js';
export { DocumentUploadFor } from './storage/document-upload.guard.js';
export {
  ClamdScanner,
  MALWARE_SCANNER,
  ScannerUnavailable,
  type MalwareScanner,
  type ScanStatus,
  type ScanVerdict,
  type UploadPurpose,
} from './storage/malware-scanner.js';
export { MalwareDetection } from './storage/malware-detection.entity.js';
export { UploadScreening } from './storage/upload-screening.service.js';
export { StoredFile, documentView } from './storage/stored-file.js';
export { Idempotent } from './http/idempotency.js';
export { bodyEmail, sharedLimiter, throttleGuard, type ThrottleLimit, type ThrottleRule } from './http/throttle.guard.js';
export { updateAtVersion } from './database/update-at-version.js';
export { ContextRunner } from './tenancy/context-runner.service.js';
export * from './audit/audit-chain.query.js';
export { Metrics, type GaugeReading } from './metrics/metrics.service.js';
export { Tracing } from './tracing/tracing.js';
