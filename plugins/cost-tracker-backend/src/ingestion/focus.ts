import { InputError } from '@backstage/errors';
import {
  CostCategory,
  Rejection,
} from '@internal/backstage-plugin-cost-tracker-common';
import { CostRow, UnallocatedRow } from '../types';
import { parseCsv } from './csv';
import { EntityIndex } from './EntityIndex';

/** Columns of the FOCUS 1.x specification this plugin requires. */
export const FOCUS_REQUIRED_COLUMNS = [
  'BilledCost',
  'ChargePeriodStart',
  'ChargePeriodEnd',
] as const;

/** FOCUS `ChargeCategory` values (every FOCUS version since 0.5). */
const CHARGE_CATEGORIES = ['Usage', 'Purchase', 'Tax', 'Credit', 'Adjustment'];

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

/** A FOCUS decimal: digits, an optional fraction and exponent, no thousands separators. */
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** The result of reading one FOCUS export. */
export type FocusResult = {
  /** Daily cost per entity; `amount` is EffectiveCost, `billedAmount` BilledCost. */
  rows: CostRow[];
  /** Data lines that were read and mapped (or knowingly unallocated). */
  accepted: number;
  rejections: Rejection[];
  /** Cost (EffectiveCost) in valid rows that no catalog entity claims. */
  unallocated: { rows: number; amount: number };
  /** The same unallocated cost per day, category and what was not matched. */
  unallocatedRows: UnallocatedRow[];
  /** `ChargeClass` Correction rows, applied to their original charge period. */
  corrections: { rows: number; amount: number };
  /** Rows a provider split from a shared charge (`AllocatedResourceId`). */
  allocatedCharges: number;
  /** Facts about the file worth reporting, e.g. a missing optional column. */
  notes: string[];
  /** Set when the whole file is unusable, e.g. a required column is missing. */
  fileError?: string;
};

/**
 * Reads a FOCUS billing export (CSV, FOCUS 1.0 to 1.3 and files without the
 * `ProviderName` column that FOCUS 1.3 deprecated for `ServiceProviderName`).
 *
 * - Showback counts `EffectiveCost` (amortized commitments, after
 *   discounts); `BilledCost` is kept beside it. Without an `EffectiveCost`
 *   column, `BilledCost` is used for both (and a note says so).
 * - Every `ChargeCategory` counts (Usage, Purchase, Tax, Credit,
 *   Adjustment); a Purchase of a commitment has EffectiveCost 0, so it is
 *   not counted twice. `ChargeClass` Correction rows (often negative) are
 *   applied to the charge period they correct.
 * - A charge a provider split from a shared resource (FOCUS 1.3
 *   `AllocatedMethodId` / `AllocatedResourceId`) is charged to the entity
 *   its `AllocatedTags` name; the unallocated remainder (no
 *   AllocatedResourceId) to the entity of the shared resource's `Tags`.
 *
 * Valid rows are summed per entity, UTC day and category; a row whose charge
 * period spans several days is spread over them in proportion to the time in
 * each day. Cost no entity claims is returned as unallocated rows. Invalid
 * rows are rejected with their line number and the column at fault, and the
 * rest is kept.
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
    unallocatedRows: [],
    corrections: { rows: 0, amount: 0 },
    allocatedCharges: 0,
    notes: [],
  };
  if (error) {
    rejections.push(error);
  }
  const [header, ...data] = records;
  if (!header) {
    result.fileError = 'the file is empty';
    return result;
  }
  const columns = new Map<string, number>();
  for (const [i, raw] of header.fields.entries()) {
    const name = raw.trim();
    if (columns.has(name)) {
      result.fileError = `line ${header.line}, column ${
        i + 1
      }: column ${name} appears more than once`;
      return result;
    }
    columns.set(name, i);
  }
  const missing = FOCUS_REQUIRED_COLUMNS.filter(c => !columns.has(c));
  if (missing.length > 0) {
    result.fileError = `line ${
      header.line
    }: missing FOCUS column(s) ${missing.join(', ')}`;
    return result;
  }
  const hasEffectiveCost = columns.has('EffectiveCost');
  if (!hasEffectiveCost) {
    result.notes.push('no EffectiveCost column: BilledCost used for showback');
  }
  const col = (fields: string[], name: string) => {
    const i = columns.get(name);
    return i === undefined ? '' : (fields[i] ?? '').trim();
  };
  const decimal = (fields: string[], name: string) => {
    const text = col(fields, name);
    return DECIMAL.test(text)
      ? Number(text)
      : `${name} '${text.slice(0, 40)}' is not a number`;
  };

  type Billed = { billedAmount: number };
  const sums = new Map<string, CostRow & Billed>();
  const unallocatedSums = new Map<string, UnallocatedRow & Billed>();
  for (const { line, fields } of data) {
    const reject = (reason: string) => rejections.push({ line, reason });
    if (fields.length !== header.fields.length) {
      reject(`expected ${header.fields.length} fields, found ${fields.length}`);
      continue;
    }
    const billed = decimal(fields, 'BilledCost');
    if (typeof billed === 'string') {
      reject(billed);
      continue;
    }
    const effective = hasEffectiveCost
      ? decimal(fields, 'EffectiveCost')
      : billed;
    if (typeof effective === 'string') {
      reject(effective);
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
    let chargeCategory = 'Usage';
    if (columns.has('ChargeCategory')) {
      const text = col(fields, 'ChargeCategory');
      const known = CHARGE_CATEGORIES.find(
        c => c.toLocaleLowerCase('en-US') === text.toLocaleLowerCase('en-US'),
      );
      if (!known) {
        reject(
          `ChargeCategory '${text.slice(
            0,
            40,
          )}' is not one of ${CHARGE_CATEGORIES.join(', ')}`,
        );
        continue;
      }
      chargeCategory = known;
    }
    const chargeClass = col(fields, 'ChargeClass');
    const correction = chargeClass.toLocaleLowerCase('en-US') === 'correction';
    if (chargeClass && !correction) {
      reject(
        `ChargeClass '${chargeClass.slice(
          0,
          40,
        )}' is neither empty nor Correction`,
      );
      continue;
    }
    const tags = parseTags(col(fields, 'Tags'), 'Tags');
    if (typeof tags === 'string') {
      reject(tags);
      continue;
    }
    const allocatedTags = parseTags(
      col(fields, 'AllocatedTags'),
      'AllocatedTags',
    );
    if (typeof allocatedTags === 'string') {
      reject(allocatedTags);
      continue;
    }
    result.accepted++;
    if (correction) {
      result.corrections.rows++;
      result.corrections.amount += effective;
    }

    // A provider-split charge belongs to what it was allocated to; the
    // unallocated remainder of the split, like any other charge, to the
    // resource's own tags.
    const allocatedTo = col(fields, 'AllocatedResourceId');
    let target;
    let key: string;
    if (allocatedTo) {
      result.allocatedCharges++;
      const useTags = Object.keys(allocatedTags).length > 0;
      target = options.index.forTags(useTags ? allocatedTags : tags);
      key = `allocated to ${allocatedTo}: ${
        useTags ? 'AllocatedTags' : 'tags'
      } ${JSON.stringify(useTags ? allocatedTags : tags)}`;
    } else {
      target = options.index.forTags(tags);
      key =
        Object.keys(tags).length > 0
          ? `tags ${JSON.stringify(tags)}`
          : `untagged ${chargeCategory}${describeService(fields, col)}`;
    }
    const category =
      SERVICE_CATEGORIES[
        col(fields, 'ServiceCategory').toLocaleLowerCase('en-US')
      ] ?? 'other';
    if ('error' in target) {
      result.unallocated.rows++;
      result.unallocated.amount += effective;
      for (const { day, share } of splitByDay(start, end)) {
        const k = `${key}|${day}|${category}`;
        const row = unallocatedSums.get(k) ?? {
          key,
          reason: target.error,
          day,
          category,
          source: options.source,
          amount: 0,
          billedAmount: 0,
        };
        row.amount += effective * share;
        row.billedAmount += billed * share;
        unallocatedSums.set(k, row);
      }
      continue;
    }
    for (const { day, share } of splitByDay(start, end)) {
      const k = `${target.entityRef}|${day}|${category}`;
      const row = sums.get(k) ?? {
        entityRef: target.entityRef,
        day,
        category,
        source: options.source,
        amount: 0,
        billedAmount: 0,
      };
      row.amount += effective * share;
      row.billedAmount += billed * share;
      sums.set(k, row);
    }
  }
  result.rows = [...sums.values()];
  result.unallocatedRows = [...unallocatedSums.values()];
  return result;
}

/**
 * {@link readFocusCsv}, throwing an `InputError` that names the file, line
 * and column when the file as a whole is unusable (no header, a required
 * column missing, a column twice). Bad rows do not throw: they are returned
 * as rejections and the rest of the file is kept.
 */
export function readFocusExport(options: {
  text: string;
  source: string;
  file: string;
  index: EntityIndex;
  currency: string;
}): FocusResult {
  const result = readFocusCsv(options);
  if (result.fileError) {
    throw new InputError(
      `${options.file} is not a usable FOCUS export: ${result.fileError}`,
    );
  }
  return result;
}

/** ` (AWS, Amazon EC2)`: who charged an untagged row, for the report. */
function describeService(
  fields: string[],
  col: (fields: string[], name: string) => string,
): string {
  // FOCUS 1.3 renamed ProviderName to ServiceProviderName; 1.4 drops it.
  const provider =
    col(fields, 'ServiceProviderName') || col(fields, 'ProviderName');
  const parts = [provider, col(fields, 'ServiceName')].filter(Boolean);
  return parts.length ? ` (${parts.join(', ')})` : '';
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

function parseTags(
  text: string,
  column: string,
): Record<string, string> | string {
  if (text === '' || text === 'null') {
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return `${column} is not a JSON object: ${text.slice(0, 80)}`;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return `${column} is not a JSON object: ${text.slice(0, 80)}`;
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
