function utc(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

/**
 * A `YYYY-MM-DD` day on a chart axis, e.g. `Nov 24`.
 *
 * @public
 */
export function formatDay(day: string): string {
  return utc(day).toLocaleDateString('en-US', {
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
}

/**
 * A `YYYY-MM-DD` day in a sentence or tooltip, e.g. `Nov 24, 2026`.
 *
 * @public
 */
export function formatDayLong(day: string): string {
  return utc(day).toLocaleDateString('en-US', {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
}
