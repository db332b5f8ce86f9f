import { Entity } from '@backstage/catalog-model';
import fs from 'fs';
import path from 'path';
import { EntityIndex } from './EntityIndex';
import { readFocusCsv, splitByDay } from './focus';

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
