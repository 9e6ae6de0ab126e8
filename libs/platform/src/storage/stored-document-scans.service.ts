import { Inject, Injectable, Logger } from '@nestjs/common';
import { newId } from '../database/ids.js';
import { ContextRunner } from '../tenancy/context-runner.service.js';
import { DOCUMENT_STORAGE, type DocumentStorage } from './document-storage.js';
import { hashedRead } from './hashed-read.js';
import { MalwareDetection } from './malware-detection.entity.js';
import type { ScanVerdict, UploadPurpose } from './malware-scanner.js';
import { UploadScreening } from './upload-screening.service.js';
import { RequestDb } from '../tenancy/request-db.service.js';

/** Whose stored documents to scan: an authority's (its tender documents) or a provider's (its bids' and evidence). */
export type DocumentOwner = { tenantId: string } | { providerId: string };

export interface LateScanCounts {
  clean: number;
  infected: number;
}

interface Waiting {
  id: string;
  kind: UploadPurpose;
  file_name: string;
  size_bytes: string;
  uploaded_by: string | null;
}

/** How many documents one read takes: small enough that a long backlog never holds a transaction open. */
const BATCH = 50;

/**
 * A stored document (`d`, of stored_documents) the reader's own side owns, stored unscanned and not scanned since.
 * Only what the side owns: an authority also reads the bid documents of its opened tenders, which are the provider's.
 */
const waitingOf = (side: 'authority' | 'provider') =>
  `${side === 'authority' ? 'd.tenant_id = app_tenant_id()' : 'd.provider_id = app_provider_id()'}
   AND d.scan_status = 'unscanned' AND NOT EXISTS (SELECT 1 FROM document_scans s WHERE s.document_id = d.id)`;

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
    private readonly db: RequestDb,
    private readonly screening: UploadScreening,
    @Inject(DOCUMENT_STORAGE) private readonly storage: DocumentStorage,
  ) {}

  /** How many of the request's own side's documents wait for their scan (the malware page says). */
  async waiting(side: 'authority' | 'provider'): Promise<number> {
    const [{ n }]: { n: number }[] = await this.db.manager.query(`SELECT count(*)::int AS n FROM stored_documents d WHERE ${waitingOf(side)}`);
    return n;
  }

  async scanOwner(owner: DocumentOwner): Promise<LateScanCounts> {
    const ctx = { tenantId: null, providerId: null, ...owner };
    const side = 'tenantId' in owner ? 'authority' : 'provider';
    const counts: LateScanCounts = { clean: 0, infected: 0 };
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const waiting: Waiting[] = await this.runner.run(
        owner,
        (em) =>
          em.query(
            `SELECT d.id, d.kind, d.file_name, d.size_bytes::text AS size_bytes, d.uploaded_by FROM stored_documents d
              WHERE ${waitingOf(side)} AND d.id > $1
              ORDER BY d.id LIMIT ${BATCH}`,
            [after],
          ),
        { readOnly: true },
      );
      for (const doc of waiting) {
        after = doc.id;
        const read = hashedRead(this.storage.open(doc.id));
        let verdict: ScanVerdict;
        try {
          verdict = await this.screening.verdict(read, Number(doc.size_bytes));
        } catch (err) {
          const unread = read.failed();
          if (!unread) throw err;
          // Not the scanner's to answer: the document stays unscanned (and withheld while scanning is on), and is tried again next run.
          this.logger.error(`Could not read the stored ${doc.kind} ${doc.id} to scan it: ${unread.message}`);
          continue;
        }
        const signature = verdict.infected ? verdict.signature.slice(0, 300) : null;
        const recorded = await this.runner.run(owner, async (em) => {
          const rows: unknown[] = await em.query(
            `WITH x AS (INSERT INTO document_scans (document_id, result, signature) VALUES ($1, $2, $3)
                         ON CONFLICT (document_id) DO NOTHING RETURNING document_id)
             SELECT document_id FROM x`,
            [doc.id, signature ? 'infected' : 'clean', signature],
          );
          if (!rows.length || !signature) return rows.length > 0;
          // As an upload's detection is recorded (UploadScreening), with the document it is now withheld.
          await em.insert(MalwareDetection, {
            id: newId(),
            tenantId: ctx.tenantId,
            providerId: ctx.providerId,
            userId: doc.uploaded_by,
            fileName: doc.file_name,
            sizeBytes: doc.size_bytes,
            sha256: read.sha256(),
            signature,
            path: doc.kind,
            purpose: doc.kind,
            documentId: doc.id,
            detectedAt: new Date(),
          });
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
