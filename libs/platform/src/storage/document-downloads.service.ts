import { HttpStatus, Inject, Injectable, type StreamableFile } from '@nestjs/common';
import type { EntityTarget } from 'typeorm';
import { ProblemException } from '../errors/problem.js';
import { RequestDb } from '../tenancy/request-db.service.js';
import { asDownload } from './checked-upload.js';
import { DOCUMENT_STORAGE, type DocumentStorage } from './document-storage.js';
import { MALWARE_SCANNER, type MalwareScanner, type ScanStatus } from './malware-scanner.js';
import type { StoredFile } from './stored-file.js';

/** A stored document as a download needs it; `scanStatus` is how it was screened as it arrived, when the caller knows. */
export interface DownloadableDocument {
  id: string;
  contentType: string;
  sizeBytes: string;
  fileName: string;
  scanStatus?: ScanStatus | null;
}

/** How long a document stored before scanning waits for its scan: the scanning job's period (StoredDocumentScanJob runs this often). */
export const SCAN_WAIT_SECONDS = 600;

/**
 * The one way a stored document leaves the service: every download (a tender's documents, a bid's, an evidence
 * item's, for the provider or the authority) comes through here, after the checks the request's context can read.
 * - A document found infected after it was stored is withheld (403), whether or not a scanner is configured now.
 * - While a scanner is configured, a document stored unscanned is withheld until it has been scanned (503, with
 *   Retry-After): nobody downloads what has not been checked. The authority reading a provider's evidence through
 *   a bid's snapshot does not know how it was screened as it arrived (the row is the provider's), so for it only
 *   a verdict found later can withhold it.
 */
@Injectable()
export class DocumentDownloads {
  constructor(
    private readonly db: RequestDb,
    @Inject(DOCUMENT_STORAGE) private readonly storage: DocumentStorage,
    @Inject(MALWARE_SCANNER) private readonly scanner: MalwareScanner | null,
  ) {}

  async open(doc: DownloadableDocument): Promise<StreamableFile> {
    const [scan]: { result: 'clean' | 'infected'; signature: string | null }[] = await this.db.manager.query(
      'SELECT result, signature FROM document_scans WHERE document_id = $1',
      [doc.id],
    );
    const why = this.withholding(scan?.result ?? null, scan?.signature ?? null, doc.scanStatus);
    if (why && 'malware' in why) throw withheld(doc.fileName, why.malware);
    if (why) {
      throw new ProblemException(
        HttpStatus.SERVICE_UNAVAILABLE,
        'malware-scan-pending',
        'The document has not been checked for malware yet',
        `“${doc.fileName}” was stored before malware scanning was turned on, and is waiting for its scan. Try again in ${SCAN_WAIT_SECONDS / 60} minutes.`,
        { retryAfterSeconds: SCAN_WAIT_SECONDS },
      );
    }
    return asDownload(this.storage, doc);
  }

  /**
   * For a bundle of these documents (a bid's receipt), in one query: the type each was stored as, and why any must be
   * left out, by the rules `open` applies: malware found in it after it was stored, or (while a scanner is
   * configured) stored unscanned and not yet scanned. A document not in `table` is not in the map.
   */
  async bundled(table: EntityTarget<StoredFile>, ids: string[]): Promise<Map<string, BundledDocumentState>> {
    if (!ids.length) return new Map();
    const rows: { id: string; content_type: string; scan_status: ScanStatus; result: 'clean' | 'infected' | null; signature: string | null }[] =
      await this.db.manager
        .getRepository(table)
        .createQueryBuilder('d')
        .select(['d.id AS id', 'd.content_type AS content_type', 'd.scan_status AS scan_status', 's.result AS result', 's.signature AS signature'])
        .leftJoin('document_scans', 's', 's.document_id = d.id')
        .where('d.id = ANY(:ids::uuid[])', { ids })
        .getRawMany();
    return new Map(rows.map((r) => [r.id, { contentType: r.content_type, withheld: this.withholding(r.result, r.signature, r.scan_status) }]));
  }

  /**
   * Why a document may not be sent, the rule for every download and bundle: its verdict (null before any, with the
   * signature found), and how it was screened as it arrived, when the caller knows.
   */
  private withholding(result: 'clean' | 'infected' | null, signature: string | null, scanStatus?: ScanStatus | null): Withheld | null {
    if (result === 'infected') return { malware: signature! };
    return result === null && scanStatus === 'unscanned' && this.scanner ? { scanPending: true } : null;
  }
}

type Withheld = { malware: string } | { scanPending: true };

/** A document as a bundle needs it: its stored type, and why it must be left out, if it must. */
export interface BundledDocumentState {
  contentType: string;
  withheld: Withheld | null;
}

const withheld = (fileName: string, signature: string) =>
  new ProblemException(
    HttpStatus.FORBIDDEN,
    'malware-withheld',
    'The document is withheld: it contains malware',
    `The scanner found ${signature} in “${fileName}” after it was stored, so it is no longer sent to anyone. Ask whoever uploaded it for a clean copy.`,
    { signature },
  );
