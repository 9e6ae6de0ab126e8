import { Inject, Injectable, Logger } from '@nestjs/common';
import { buffer } from 'node:stream/consumers';
import { sha256 } from '#kernel';
import { newId } from '../database/ids.js';
import { ContextRunner } from '../tenancy/context-runner.service.js';
import { DOCUMENT_STORAGE, type DocumentStorage } from './document-storage.js';
import { UploadScreening } from './upload-screening.service.js';

/** Whose stored documents to scan: an authority's (its tender documents) or a provider's (its bids' and evidence). */
export type DocumentOwner = { tenantId: string } | { providerId: string };

export interface LateScanCounts {
  clean: number;
  infected: number;
}

interface Waiting {
  id: string;
  kind: string;
  file_name: string;
  size_bytes: string;
  uploaded_by: string | null;
}

/** How many documents one read takes: small enough that a long backlog never holds a transaction open. */
const BATCH = 50;

/**
 * Documents stored unscanned (before a scanner was configured) scanned now, in their owner's context (migration
 * StoredDocumentScans): each verdict is written in a transaction of its own, once (a second worker scanning
 * the same document writes nothing and records nothing twice). Infected: the document is withheld from every
 * download from then on (DocumentDownloads) and recorded for its owner's malware page, naming the document.
 * The bytes stay where they are: a sealed bid's documents are part of what was sent, and their hashes stay
 * checkable. The scanner unable to answer stops the owner's pass with the error: nothing is passed unscanned,
 * and the documents wait for the next run.
 */
@Injectable()
export class StoredDocumentScans {
  private readonly logger = new Logger('StoredDocumentScans');

  constructor(
    private readonly runner: ContextRunner,
    private readonly screening: UploadScreening,
    @Inject(DOCUMENT_STORAGE) private readonly storage: DocumentStorage,
  ) {}

  async scanOwner(owner: DocumentOwner): Promise<LateScanCounts> {
    const ctx = 'tenantId' in owner ? { tenantId: owner.tenantId } : { providerId: owner.providerId };
    // Only what the owner owns: an authority also reads the bid documents of its opened tenders, which are the provider's.
    const owns = 'tenantId' in owner ? 'd.tenant_id = app_tenant_id()' : 'd.provider_id = app_provider_id()';
    const counts: LateScanCounts = { clean: 0, infected: 0 };
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const waiting: Waiting[] = await this.runner.run(
        ctx,
        (em) =>
          em.query(
            `SELECT d.id, d.kind, d.file_name, d.size_bytes::text AS size_bytes, d.uploaded_by FROM stored_documents d
              WHERE ${owns} AND d.scan_status = 'unscanned' AND d.id > $1
                AND NOT EXISTS (SELECT 1 FROM document_scans s WHERE s.document_id = d.id)
              ORDER BY d.id LIMIT ${BATCH}`,
            [after],
          ),
        { readOnly: true },
      );
      for (const doc of waiting) {
        after = doc.id;
        let bytes: Buffer;
        try {
          bytes = await buffer(this.storage.open(doc.id));
        } catch (err) {
          // Not the scanner's to answer: the document stays unscanned (and withheld while scanning is on), and is tried again next run.
          this.logger.error(`Could not read the stored ${doc.kind} ${doc.id} to scan it: ${(err as Error).message}`);
          continue;
        }
        const verdict = await this.screening.verdict(bytes);
        const signature = verdict.infected ? verdict.signature.slice(0, 300) : null;
        const recorded = await this.runner.run(ctx, async (em) => {
          const rows: unknown[] = await em.query(
            `WITH x AS (INSERT INTO document_scans (document_id, result, signature) VALUES ($1, $2, $3)
                         ON CONFLICT (document_id) DO NOTHING RETURNING document_id)
             SELECT document_id FROM x`,
            [doc.id, signature ? 'infected' : 'clean', signature],
          );
          if (!rows.length || !signature) return rows.length > 0;
          await em.query(
            `INSERT INTO malware_detections (id, tenant_id, provider_id, user_id, file_name, size_bytes, sha256, signature, path, purpose, document_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10)`,
            [
              newId(),
              'tenantId' in owner ? owner.tenantId : null,
              'providerId' in owner ? owner.providerId : null,
              doc.uploaded_by,
              doc.file_name,
              doc.size_bytes,
              sha256(bytes),
              signature,
              doc.kind,
              doc.id,
            ],
          );
          return true;
        });
        if (!recorded) continue;
        if (signature) {
          counts.infected++;
          this.logger.warn(`Stored ${doc.kind} ${doc.id} withheld: ${signature} found`);
        } else counts.clean++;
      }
      if (waiting.length < BATCH) return counts;
    }
  }
}
