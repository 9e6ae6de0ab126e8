import { createReadStream } from 'node:fs';
import { fileTypeFromFile } from 'file-type';

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
 * The type of an uploaded file from its bytes (the file-type package, which reads only the parts of the file a
 * signature needs), never from the name or the header the browser sent. Text has no signature: a file without one
 * is read through, and counts as text only when it is valid UTF-8 without control characters (PlainText).
 */
export async function sniffFile(path: string): Promise<Sniffed> {
  const detected = await fileTypeFromFile(path);
  if (detected) return ALLOWED_TYPES[detected.mime] ? { ok: true, contentType: detected.mime } : { ok: false, found: detected.mime };
  return (await isPlainText(path)) ? { ok: true, contentType: 'text/plain' } : { ok: false, found: 'unrecognised binary data' };
}

async function isPlainText(path: string): Promise<boolean> {
  const text = new PlainText();
  const file = createReadStream(path);
  try {
    for await (const chunk of file as AsyncIterable<Buffer>) {
      text.push(chunk);
      if (!text.maybe) break; // binary by here: the rest need not be read
    }
  } finally {
    file.destroy();
  }
  return text.end();
}

/** Control characters other than tab and line ends: a file holding one is binary, not text. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

/**
 * Whether bytes fed in chunks are text: valid UTF-8 (a sequence split across two chunks is joined) without control
 * characters, and not empty. Stops decoding at the first sign of binary, so an unknown binary file is not read whole.
 */
export class PlainText {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private text = true;
  private empty = true;

  /** Still text so far. */
  get maybe(): boolean {
    return this.text;
  }

  push(chunk: Uint8Array): void {
    if (!this.text || !chunk.length) return;
    this.empty = false;
    try {
      this.text = !CONTROL.test(this.decoder.decode(chunk, { stream: true }));
    } catch {
      this.text = false; // invalid UTF-8
    }
  }

  /** The verdict, once every chunk is in (a sequence cut off at the end is not text). */
  end(): boolean {
    if (!this.text || this.empty) return false;
    try {
      return !CONTROL.test(this.decoder.decode());
    } catch {
      return false;
    }
  }
}
