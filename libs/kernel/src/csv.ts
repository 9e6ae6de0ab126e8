/** A field as CSV writes it (RFC 4180): quoted when it holds a comma, a quote or a line break, quotes doubled. */
export const csvField = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** A CSV file: the header line, then one line per row, each ended by CRLF (RFC 4180; what spreadsheets write). */
export const csvFile = (header: readonly string[], rows: readonly (readonly string[])[]) =>
  `${[header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
