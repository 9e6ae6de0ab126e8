import { Readable } from 'node:stream';
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

/**
 * The receipt zip as a download, sent as it is made (so without a length), or the problem above. A zip that fails
 * part-way (a document no longer matching its fingerprint) ends the connection rather than the response, so the
 * download shows as failed, never as a shorter file (StreamableFile's own handling once the headers have gone).
 */
export const receiptDownload = (bundle: { fileName: string; zip: AsyncIterable<Uint8Array> } | null): StreamableFile => {
  if (!bundle) throw receiptNotKept();
  return new StreamableFile(Readable.from(bundle.zip, { objectMode: false }), {
    type: 'application/zip',
    disposition: `attachment; filename="${bundle.fileName}"`,
  });
};
