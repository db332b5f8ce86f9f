import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import fs from 'fs';
import path from 'path';
import { EntityIndex } from './EntityIndex';
import {
  FocusResult,
  readFocusCsv,
  readFocusExport,
  splitByDay,
} from './focus';

const fixture = (name: string) =>
  fs.readFileSync(path.resolve(__dirname, '../__fixtures__', name), 'utf8');

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, annotations },
    spec: {},
  };
}

const index = new EntityIndex(
  [
    component('payment-service', {
      'backstage.io/kubernetes-id': 'payment-service',
    }),
    component('ledger-service', { 'acme.io/cost-tag': 'ledger-service' }),
    component('payments-db', { 'acme.io/cost-tag': 'team=payments-db' }),
    component('shared-cluster', { 'acme.io/cost-tag': 'shared-cluster' }),
  ],
  { labelKey: 'app', defaultTagKey: 'app' },
);

describe('readFocusCsv', () => {
  it('sums a clean export per entity, day and category', () => {
    const result = readFocusCsv({
      text: fixture('focus-good/aws-2026-11.csv'),
      source: 'focus:aws-2026-11.csv',
      index,
      currency: 'USD',
    });
    expect(result.rejections).toEqual([]);
    expect(result.accepted).toBe(7);
    expect(result.unallocated).toEqual({ rows: 1, amount: 3 });
    const byKey = Object.fromEntries(
      result.rows.map(r => [`${r.entityRef} ${r.day} ${r.category}`, r.amount]),
    );
    expect(byKey).toEqual({
      'component:default/payment-service 2026-11-01 compute': 20,
      'component:default/payment-service 2026-11-01 network': 1.2,
      'component:default/payment-service 2026-11-01 other': 0.8,
      'component:default/payments-db 2026-11-01 storage': 4,
      // a 3-day purchase is spread over its days
      'component:default/ledger-service 2026-11-01 storage': 20,
      'component:default/ledger-service 2026-11-02 storage': 20,
      'component:default/ledger-service 2026-11-03 storage': 20,
    });
    expect(new Set(result.rows.map(r => r.source))).toEqual(
      new Set(['focus:aws-2026-11.csv']),
    );
  });

  it('rejects bad rows with their line numbers and keeps the rest', () => {
    const result = readFocusCsv({
      text: fixture('focus-bad/broken-export.csv'),
      source: 'focus:broken-export.csv',
      index,
      currency: 'USD',
    });
    expect(result.rejections).toEqual([
      { line: 3, reason: "BilledCost 'ten' is not a number" },
      {
        line: 4,
        reason:
          "ChargePeriodStart '2026-11-31T00:00:00Z' is not an ISO 8601 date-time",
      },
      { line: 5, reason: 'Tags is not a JSON object: {not json}' },
      {
        line: 8,
        reason: 'BillingCurrency EUR differs from the configured USD',
      },
      { line: 9, reason: 'expected 7 fields, found 5' },
      { line: 10, reason: 'ChargePeriodEnd is not after ChargePeriodStart' },
      { line: 11, reason: "BilledCost '' is not a number" },
    ]);
    expect(result.accepted).toBe(3);
    expect(result.rows.map(r => [r.category, r.amount]).sort()).toEqual([
      ['compute', 10],
      ['network', 1],
      ['storage', 2],
    ]);
  });

  it('refuses a file without the required FOCUS columns', () => {
    const result = readFocusCsv({
      text: 'Cost,Date\n1,2026-11-01\n',
      source: 'focus:x.csv',
      index,
      currency: 'USD',
    });
    expect(result.fileError).toBe(
      'line 1: missing FOCUS column(s) BilledCost, ChargePeriodStart, ChargePeriodEnd',
    );
    expect(result.rows).toEqual([]);
  });

  it('reports an unterminated quote at the line it starts on', () => {
    const result = readFocusCsv({
      text: 'BilledCost,ChargePeriodStart,ChargePeriodEnd,Tags\n1,2026-11-01,2026-11-02,"{}"\n2,2026-11-01,2026-11-02,"{\n',
      source: 'focus:x.csv',
      index,
      currency: 'USD',
    });
    expect(result.rejections).toEqual([
      { line: 3, reason: 'unterminated quoted field' },
    ]);
    expect(result.accepted).toBe(1);
  });
});

const round = (n: number) => Math.round(n * 1e6) / 1e6;

/** Daily rows and unallocated cost as `entity-or-key day category` → amount. */
function summarize(result: FocusResult, amount: 'amount' | 'billedAmount') {
  const out: Record<string, number> = {};
  for (const r of result.rows) {
    out[`${r.entityRef} ${r.day} ${r.category}`] = round(r[amount] ?? 0);
  }
  for (const r of result.unallocatedRows) {
    const key = `unallocated ${r.key} ${r.category}`;
    out[key] = round((out[key] ?? 0) + (r[amount] ?? 0));
  }
  return out;
}
const sum = (result: FocusResult, amount: 'amount' | 'billedAmount') =>
  round(
    [...result.rows, ...result.unallocatedRows].reduce(
      (s, r) => s + (r[amount] ?? 0),
      0,
    ),
  );

describe('FOCUS versions', () => {
  const read = (name: string) =>
    readFocusExport({
      text: fixture(name),
      source: `focus:${path.basename(name)}`,
      file: path.basename(name),
      index,
      currency: 'USD',
    });

  it('1.2: EffectiveCost for showback, BilledCost kept, every ChargeCategory, Correction rows in the period they correct', () => {
    const result = read('focus-1.2/aws-2026-11.csv');
    expect(result.rejections).toEqual([
      {
        line: 8,
        reason:
          "ChargeCategory 'Refund' is not one of Usage, Purchase, Tax, Credit, Adjustment",
      },
      { line: 9, reason: "ChargeClass 'Fix' is neither empty nor Correction" },
      { line: 10, reason: "EffectiveCost 'n/a' is not a number" },
    ]);
    expect(result.accepted).toBe(6);
    expect(result.notes).toEqual([]);
    expect(result.corrections).toEqual({ rows: 1, amount: -3 });
    // Usage covered by the Savings Plan (6) + on demand (4) - credit (2);
    // the upfront purchase is amortized into usage, so its EffectiveCost is 0.
    expect(summarize(result, 'amount')).toEqual({
      'component:default/payment-service 2026-11-01 compute': 8,
      'component:default/ledger-service 2026-10-15 storage': -3,
      'unallocated untagged Purchase (AWS, Savings Plans for AWS Compute usage) compute': 0,
      'unallocated untagged Tax (AWS, Tax) other': 1.5,
    });
    expect(summarize(result, 'billedAmount')).toEqual({
      'component:default/payment-service 2026-11-01 compute': 2,
      'component:default/ledger-service 2026-10-15 storage': -3,
      'unallocated untagged Purchase (AWS, Savings Plans for AWS Compute usage) compute': 300,
      'unallocated untagged Tax (AWS, Tax) other': 1.5,
    });
    // Nothing accepted is lost: the sums are the file's sums.
    expect(sum(result, 'amount')).toBe(6 + 4 + 0 - 2 + 1.5 - 3);
    expect(sum(result, 'billedAmount')).toBe(0 + 4 + 300 - 2 + 1.5 - 3);
    expect(result.unallocated).toEqual({ rows: 2, amount: 1.5 });
  });

  it('1.3: a split shared charge goes to the entity its AllocatedTags name, the unallocated remainder to the shared resource', () => {
    const result = read('focus-1.3/aws-eks-split-2026-11.csv');
    expect(result.rejections).toEqual([
      { line: 7, reason: 'AllocatedTags is not a JSON object: {not json}' },
    ]);
    expect(result.allocatedCharges).toBe(3);
    expect(summarize(result, 'amount')).toEqual({
      'component:default/payment-service 2026-11-01 compute': 60,
      'component:default/payment-service 2026-11-01 storage': 2,
      'component:default/ledger-service 2026-11-01 compute': 25,
      // the part of the cluster no workload used stays with the cluster
      'component:default/shared-cluster 2026-11-01 compute': 5,
      'unallocated allocated to pod/batch-1: AllocatedTags {"app":"batch-job"} compute': 10,
    });
    expect(result.unallocatedRows[0].reason).toBe(
      'no catalog entity claims tags {"app":"batch-job"}',
    );
    expect(sum(result, 'amount')).toBe(102);
  });

  it('1.4: ServiceProviderName without ProviderName', () => {
    const result = read('focus-1.4/gcp-2026-11.csv');
    expect(result.rejections).toEqual([]);
    expect(result.corrections).toEqual({ rows: 1, amount: -1 });
    expect(summarize(result, 'amount')).toEqual({
      'component:default/payments-db 2026-11-01 storage': 9.6,
      'component:default/payments-db 2026-10-31 storage': -1,
      'unallocated untagged Usage (Google Cloud, Compute Engine) compute': 3,
    });
    expect(summarize(result, 'billedAmount')).toMatchObject({
      'component:default/payments-db 2026-11-01 storage': 12,
    });
  });

  it('uses BilledCost for showback when a file has no EffectiveCost, and says so', () => {
    const result = read('focus-good/aws-2026-11.csv');
    expect(result.notes).toEqual([
      'no EffectiveCost column: BilledCost used for showback',
    ]);
    expect(result.rows.every(r => r.amount === r.billedAmount)).toBe(true);
  });

  it('refuses a malformed file with an InputError naming the file, line and column', () => {
    const bad = (text: string) => () =>
      readFocusExport({
        text,
        source: 'focus:x.csv',
        file: 'x.csv',
        index,
        currency: 'USD',
      });
    expect(bad('')).toThrow(
      new InputError('x.csv is not a usable FOCUS export: the file is empty'),
    );
    expect(
      bad(
        'BilledCost,ChargePeriodStart,ChargePeriodEnd,BilledCost\n1,2026-11-01,2026-11-02,1\n',
      ),
    ).toThrow(
      new InputError(
        'x.csv is not a usable FOCUS export: line 1, column 4: column BilledCost appears more than once',
      ),
    );
    expect(bad('\n\nEffectiveCost,Tags\n1,{}\n')).toThrow(
      'x.csv is not a usable FOCUS export: line 3: missing FOCUS column(s) BilledCost, ChargePeriodStart, ChargePeriodEnd',
    );
    expect(
      bad(
        'BilledCost,ChargePeriodStart,ChargePeriodEnd\n0x10,2026-11-01,2026-11-02\n',
      )().rejections,
    ).toEqual([{ line: 2, reason: "BilledCost '0x10' is not a number" }]);
  });
});

describe('splitByDay', () => {
  it('splits a period in proportion to the time in each UTC day', () => {
    expect(
      splitByDay(
        Date.parse('2026-11-01T18:00:00Z'),
        Date.parse('2026-11-02T06:00:00Z'),
      ),
    ).toEqual([
      { day: '2026-11-01', share: 0.5 },
      { day: '2026-11-02', share: 0.5 },
    ]);
  });
});
