import { formatDay, formatDayLong } from './day';

describe('day formatting', () => {
  it('formats a day on an axis', () => {
    expect(formatDay('2026-11-24')).toBe('Nov 24');
    expect(formatDay('2026-01-01')).toBe('Jan 1');
  });

  it('formats a day in a sentence', () => {
    expect(formatDayLong('2026-11-24')).toBe('Nov 24, 2026');
  });

  it('reads the day as UTC whatever the local time zone', () => {
    // the last day of a year stays in that year (no shift to the local zone)
    expect(formatDayLong('2025-12-31')).toBe('Dec 31, 2025');
  });
});
