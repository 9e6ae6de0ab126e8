import { fileTypeFromBuffer } from 'file-type';

/** What a tender or bid may attach: the formats public bodies and bidders exchange. */
export const ALLOWED_TYPES: Readonly<Record<string, string>> = {
  'application/pdf': 'PDF',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word (.docx)',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel (.xlsx)',
  'application/vnd.oasis.opendocument.text': 'OpenDocument text (.odt)',
  'application/vnd.oasis.opendocument.spreadsheet': 'OpenDocument spreadsheet (.ods)',
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'text/plain': 'plain text or CSV (UTF-8)',
};

export type Sniffed = { ok: true; contentType: string } | { ok: false; found: string };

/**
 * The type of a file from its bytes (the file-type package), never from the
 * name or the header the browser sent. Text has no signature: it counts as
 * text only when it is valid UTF-8 without control characters.
 */
export async function sniff(bytes: Buffer): Promise<Sniffed> {
  const detected = await fileTypeFromBuffer(bytes);
  if (detected) return ALLOWED_TYPES[detected.mime] ? { ok: true, contentType: detected.mime } : { ok: false, found: detected.mime };
  return isPlainText(bytes) ? { ok: true, contentType: 'text/plain' } : { ok: false, found: 'unrecognised binary data' };
}

function isPlainText(bytes: Buffer): boolean {
  if (!bytes.length) return false;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  // A replacement character means invalid UTF-8; control characters other than tab and line ends mean binary.
  return !text.includes('\uFFFD') && !/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(text);
}
