import { CostCategory, CostRow, Rejection } from '../types';
import { parseCsv } from './csv';
import { EntityIndex } from './EntityIndex';

/** Columns of the FOCUS 1.x specification this plugin reads. */
export const FOCUS_REQUIRED_COLUMNS = [
  'BilledCost',
  'ChargePeriodStart',
  'ChargePeriodEnd',
] as const;

/**
 * FOCUS `ServiceCategory` values and the cost category they count under.
 * Anything else (Analytics, Security, Management and Governance, ...) is
 * `other`.
 */
const SERVICE_CATEGORIES: Record<string, CostCategory> = {
  compute: 'compute',
  'ai and machine learning': 'compute',
  storage: 'storage',
  databases: 'storage',
  networking: 'network',
};

const DAY_MS = 24 * 60 * 60 * 1000;

/** The result of reading one FOCUS export. */
export type FocusResult = {
  rows: CostRow[];
  /** Data lines that were read and mapped (or knowingly unallocated). */
  accepted: number;
  rejections: Rejection[];
  /** Cost in valid rows that no catalog entity claims. */
  unallocated: { rows: number; amount: number };
  /** Set when the whole file is unusable, e.g. a required column is missing. */
  fileError?: string;
};

/**
 * Reads a FOCUS billing export (CSV). Valid rows are summed per entity, UTC
 * day and category; a row whose charge period spans several days is spread
 * over them in proportion to the time in each day. Invalid rows are rejected
 * with their line number and the rest is kept.
 */
export function readFocusCsv(options: {
  text: string;
  source: string;
  index: EntityIndex;
  currency: string;
}): FocusResult {
  const { records, error } = parseCsv(options.text);
  const rejections: Rejection[] = [];
  const result: FocusResult = {
    rows: [],
    accepted: 0,
    rejections,
    unallocated: { rows: 0, amount: 0 },
  };
  if (error) {
    rejections.push(error);
  }
  const [header, ...data] = records;
  if (!header) {
    result.fileError = 'the file is empty';
    return result;
  }
  const columns = new Map(header.fields.map((name, i) => [name.trim(), i]));
  const missing = FOCUS_REQUIRED_COLUMNS.filter(c => !columns.has(c));
  if (missing.length > 0) {
    result.fileError = `line ${
      header.line
    }: missing FOCUS column(s) ${missing.join(', ')}`;
    return result;
  }
  const col = (fields: string[], name: string) => {
    const i = columns.get(name);
    return i === undefined ? '' : (fields[i] ?? '').trim();
  };

  const sums = new Map<string, CostRow>();
  for (const { line, fields } of data) {
    const reject = (reason: string) => rejections.push({ line, reason });
    if (fields.length !== header.fields.length) {
      reject(`expected ${header.fields.length} fields, found ${fields.length}`);
      continue;
    }
    const costText = col(fields, 'BilledCost');
    const cost = Number(costText);
    if (costText === '' || !Number.isFinite(cost)) {
      reject(`BilledCost '${costText}' is not a number`);
      continue;
    }
    const startText = col(fields, 'ChargePeriodStart');
    const endText = col(fields, 'ChargePeriodEnd');
    const start = parseTimestamp(startText);
    const end = parseTimestamp(endText);
    if (start === undefined) {
      reject(`ChargePeriodStart '${startText}' is not an ISO 8601 date-time`);
      continue;
    }
    if (end === undefined) {
      reject(`ChargePeriodEnd '${endText}' is not an ISO 8601 date-time`);
      continue;
    }
    if (end <= start) {
      reject('ChargePeriodEnd is not after ChargePeriodStart');
      continue;
    }
    const currency = col(fields, 'BillingCurrency');
    if (currency && currency !== options.currency) {
      reject(
        `BillingCurrency ${currency} differs from the configured ${options.currency}`,
      );
      continue;
    }
    const tags = parseTags(col(fields, 'Tags'));
    if (typeof tags === 'string') {
      reject(tags);
      continue;
    }
    result.accepted++;
    const target = options.index.forTags(tags);
    if ('error' in target) {
      result.unallocated.rows++;
      result.unallocated.amount += cost;
      continue;
    }
    const category =
      SERVICE_CATEGORIES[
        col(fields, 'ServiceCategory').toLocaleLowerCase('en-US')
      ] ?? 'other';
    for (const { day, share } of splitByDay(start, end)) {
      const key = `${target.entityRef}|${day}|${category}`;
      const row = sums.get(key) ?? {
        entityRef: target.entityRef,
        day,
        category,
        source: options.source,
        amount: 0,
      };
      row.amount += cost * share;
      sums.set(key, row);
    }
  }
  result.rows = [...sums.values()];
  return result;
}

function parseTimestamp(text: string): number | undefined {
  if (
    !/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(
      text,
    )
  ) {
    return undefined;
  }
  const [y, m, d] = text.slice(0, 10).split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return undefined; // e.g. 2026-11-31
  }
  const iso = text.length === 10 ? `${text}T00:00:00Z` : text;
  const withZone = /(Z|[+-]\d{2}:?\d{2})$/.test(iso) ? iso : `${iso}Z`;
  const ms = Date.parse(withZone.replace(' ', 'T'));
  return Number.isNaN(ms) ? undefined : ms;
}

function parseTags(text: string): Record<string, string> | string {
  if (text === '') {
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return `Tags is not a JSON object: ${text.slice(0, 80)}`;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return `Tags is not a JSON object: ${text.slice(0, 80)}`;
  }
  const tags: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    tags[key] = String(value);
  }
  return tags;
}

/** The UTC days a period touches and the share of the period in each. */
export function splitByDay(
  start: number,
  end: number,
): Array<{ day: string; share: number }> {
  const total = end - start;
  const out: Array<{ day: string; share: number }> = [];
  for (let t = start; t < end; ) {
    const dayStart = Math.floor(t / DAY_MS) * DAY_MS;
    const next = Math.min(dayStart + DAY_MS, end);
    out.push({
      day: new Date(dayStart).toISOString().slice(0, 10),
      share: (next - t) / total,
    });
    t = next;
  }
  return out;
}
