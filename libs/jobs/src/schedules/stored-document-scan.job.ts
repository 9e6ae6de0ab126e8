import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Authority } from '#auth';
import { ContextRunner, type DocumentOwner, type LateScanCounts, SCAN_WAIT_SECONDS, ScannerUnavailable, StoredDocumentScans, UploadScreening } from '#platform';
import { JobRegistry } from '../runtime/job-registry.js';

/**
 * Every ten minutes (and once at start-up), while a scanner is configured: the documents stored before scanning
 * was turned on are scanned, each authority's and each provider's in its own context, until none is left. Until
 * then a download of one is answered "not checked yet" (DocumentDownloads); a document found infected is withheld
 * from then on and shows on its owner's malware page. The scanner unable to answer ends the run with a warning
 * (and the error counted in the scan metric): nothing is passed, and the next run tries again.
 */
@Injectable()
export class StoredDocumentScanJob implements OnModuleInit {
  static readonly NAME = 'stored-document-scan';
  private readonly logger = new Logger('StoredDocumentScan');

  constructor(
    private readonly registry: JobRegistry,
    private readonly runner: ContextRunner,
    private readonly scans: StoredDocumentScans,
    private readonly screening: UploadScreening,
  ) {}

  onModuleInit() {
    // As often as a download of a waiting document is told to try again.
    const cron = `*/${SCAN_WAIT_SECONDS / 60} * * * *`;
    this.registry.onSchedule({ name: StoredDocumentScanJob.NAME, cron, run: async () => void (await this.run()) });
  }

  /** What it scanned; null when no scanner is configured (nothing to do) or the scanner stopped answering. */
  async run(): Promise<LateScanCounts | null> {
    if (this.screening.scannerAt === null) return null;
    const owners: DocumentOwner[] = await this.runner.run(
      {},
      async (em) => {
        const authorities = await em.find(Authority, { select: { id: true }, order: { id: 'ASC' } });
        const providers: { id: string }[] = await em.query('SELECT id FROM provider_organisations ORDER BY id');
        return [...authorities.map((a) => ({ tenantId: a.id })), ...providers.map((p) => ({ providerId: p.id }))];
      },
      { readOnly: true },
    );
    const total: LateScanCounts = { clean: 0, infected: 0 };
    try {
      for (const owner of owners) {
        const counts = await this.scans.scanOwner(owner);
        total.clean += counts.clean;
        total.infected += counts.infected;
      }
    } catch (err) {
      if (!(err instanceof ScannerUnavailable)) throw err;
      this.logger.warn(`Stopped scanning stored documents (${total.clean + total.infected} scanned this run): ${err.message}. The rest wait for the next run.`);
      return null;
    }
    if (total.clean + total.infected) this.logger.log(`Scanned ${total.clean + total.infected} stored document(s): ${total.infected} infected, now withheld`);
    return total;
  }
}
