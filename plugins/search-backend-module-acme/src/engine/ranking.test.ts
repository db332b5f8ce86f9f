import { IndexableResult } from '@backstage/plugin-search-common';
import { matchTier, rerank } from './ranking';

const result = (
  type: string,
  title: string,
  extra: Record<string, string> = {},
): IndexableResult => ({
  type,
  document: { title, text: '', location: `/${title}`, ...extra },
});

const paymentService = result('software-catalog', 'Payment Service', {
  name: 'payment-service',
});
const paymentsSystem = result('software-catalog', 'Payments', {
  name: 'payments',
});
const paymentsTeam = result('software-catalog', 'Payments', {
  name: 'team-payments',
});
const docsIndexPage = result('techdocs', 'Payment Service', {
  name: 'payment-service',
});
const runbookPage = result('techdocs', 'Runbook', { name: 'payment-service' });

describe('matchTier', () => {
  it.each([
    ['Payment Service', paymentService, 0],
    ['payment-service', paymentService, 0],
    ['payment', paymentService, 1],
    ['service payment', paymentService, 1],
    ['payment', paymentsSystem, 2],
    ['payments', paymentsSystem, 0],
    ['team-payments', paymentsTeam, 0],
    ['Payment Service', docsIndexPage, 0],
    // a page does not match on the name of the entity it belongs to
    ['payment-service', runbookPage, 2],
    ['', paymentService, 2],
  ])('%s / %o -> %d', (term, r, tier) => {
    expect(matchTier(term, r)).toBe(tier);
  });
});

describe('rerank', () => {
  it('puts the entity named by the term first, before its docs page', () => {
    const engineOrder = [
      runbookPage,
      paymentsSystem,
      docsIndexPage,
      paymentService,
    ];
    expect(rerank('payment', engineOrder)).toEqual([
      paymentService,
      docsIndexPage,
      runbookPage,
      paymentsSystem,
    ]);
  });

  it('takes the plural as typed: "payments" finds the system and the team first', () => {
    const engineOrder = [paymentService, paymentsTeam, paymentsSystem];
    expect(rerank('payments', engineOrder)).toEqual([
      paymentsTeam,
      paymentsSystem,
      paymentService,
    ]);
  });
});
