/** A parsed CSV record and the 1-based line it starts on. */
export type CsvRecord = { line: number; fields: string[] };

/**
 * Parses RFC 4180 CSV (quoted fields, doubled quotes, newlines inside quotes,
 * CRLF or LF). Each record carries the line number it starts on, so rejected
 * rows can be reported the way a user sees them in an editor. An unterminated
 * quote is returned as an error for the line it starts on.
 */
export function parseCsv(text: string): {
  records: CsvRecord[];
  error?: { line: number; reason: string };
} {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let line = 1;
  let recordLine = 1;
  let quoteLine = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // byte order mark

  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '')) {
      records.push({ line: recordLine, fields });
    }
    fields = [];
    field = '';
  };

  for (; i < text.length; i++) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          inQuotes = false;
        }
      } else {
        if (c === '\n') {
          line++;
        }
        field += c;
      }
      continue;
    }
    if (c === '"' && field === '') {
      inQuotes = true;
      quoteLine = line;
    } else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') {
        i++;
      }
      endRecord();
      line++;
      recordLine = line;
    } else {
      field += c;
    }
  }
  if (inQuotes) {
    return {
      records,
      error: { line: quoteLine, reason: 'unterminated quoted field' },
    };
  }
  if (field !== '' || fields.length > 0) {
    endRecord();
  }
  return { records };
}
