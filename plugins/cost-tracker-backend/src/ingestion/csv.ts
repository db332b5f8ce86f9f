import { CsvError, parse } from 'csv-parse/sync';

/** A parsed CSV record and the 1-based line it starts on. */
export type CsvRecord = { line: number; fields: string[] };

const LINE_BREAK = /\r\n|\r|\n/g;

function lineBreaks(text: string): number {
  return text.match(LINE_BREAK)?.length ?? 0;
}

/**
 * Parses RFC 4180 CSV with `csv-parse` (quoted fields, doubled quotes,
 * newlines inside quotes, CRLF, LF or CR, a byte order mark). Each record
 * carries the line number it starts on, so rejected rows can be reported
 * the way a user sees them in an editor; blank lines are skipped. Records
 * of any length are returned (the caller compares them with the header),
 * and a quote inside an unquoted field is kept as a character. An
 * unterminated quote ends the file: the records before it are returned with
 * an error for the line its record starts on.
 */
export function parseCsv(text: string): {
  records: CsvRecord[];
  error?: { line: number; reason: string };
} {
  const records: CsvRecord[] = [];
  // The line the next record starts on. csv-parse's own `info.lines` counts
  // a CRLF inside a quoted field twice, so lines are counted here: every
  // record (a blank line too) ends at one line break, and the line breaks
  // inside it are in its quoted fields, which keep them.
  let nextLine = 1;
  try {
    parse(text, {
      bom: true,
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      relax_quotes: true,
      on_record: fields => {
        const line = nextLine;
        nextLine += 1 + fields.reduce((n, field) => n + lineBreaks(field), 0);
        if (!(fields.length === 1 && fields[0] === '')) {
          records.push({ line, fields });
        }
        return null;
      },
    });
  } catch (error) {
    if (!(error instanceof CsvError)) {
      throw error;
    }
    return {
      records,
      error: {
        line: nextLine,
        reason:
          error.code === 'CSV_QUOTE_NOT_CLOSED'
            ? 'unterminated quoted field'
            : error.message,
      },
    };
  }
  return { records };
}
