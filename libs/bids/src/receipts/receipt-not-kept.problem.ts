import { HttpStatus, StreamableFile } from '@nestjs/common';
import { ProblemException } from '#platform';

/**
 * A version sent before receipts kept their text, whose stored parts no longer hash to its receipt (a price sent as
 * 480000 is stored as 480000.00): its hash still proves what was sent, but there is no exact copy to offer.
 */
export const receiptNotKept = () =>
  new ProblemException(
    HttpStatus.NOT_FOUND,
    'receipt-text-not-kept',
    'This version was sent before Commonweal kept an exact copy of each bid',
    'Its receipt (the hash) still stands; what was stored of it is shown on the receipt page',
  );

/** The receipt zip as a download, or the problem above. */
export const receiptDownload = (bundle: { fileName: string; bytes: Buffer } | null): StreamableFile => {
  if (!bundle) throw receiptNotKept();
  return new StreamableFile(bundle.bytes, { type: 'application/zip', length: bundle.bytes.length, disposition: `attachment; filename="${bundle.fileName}"` });
};
