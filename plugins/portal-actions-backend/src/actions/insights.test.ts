import { periodWindow } from './insights';

describe('periodWindow', () => {
  const now = new Date('2026-03-15T23:30:00Z');

  it('takes last month as its first to its last day, across a year end too', () => {
    expect(periodWindow('last-month', now)).toEqual({
      from: '2026-02-01',
      to: '2026-02-28',
    });
    expect(
      periodWindow('last-month', new Date('2026-01-03T00:00:00Z')),
    ).toEqual({
      from: '2025-12-01',
      to: '2025-12-31',
    });
  });

  it('counts today in this month and the last N days', () => {
    expect(periodWindow('this-month', now)).toEqual({
      from: '2026-03-01',
      to: '2026-03-15',
    });
    expect(periodWindow('last-7-days', now)).toEqual({
      from: '2026-03-09',
      to: '2026-03-15',
    });
    expect(periodWindow('last-30-days', now).from).toBe('2026-02-14');
  });
});
