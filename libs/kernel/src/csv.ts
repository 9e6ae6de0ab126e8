/** A field as CSV writes it (RFC 4180): quoted when it holds a comma, a quote or a line break, quotes doubled. */
export const csvField = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** One line of a CSV file, ended by CRLF (RFC 4180; what spreadsheets write): for a file written a part at a time. */
export const csvLine = (row: readonly string[]) => `${row.map(csvField).join(',')}\r\n`;

/** A CSV file: the header line, then one line per row. */
export const csvFile = (header: readonly string[], rows: readonly (readonly string[])[]) => [header, ...rows].map(csvLine).join('');
