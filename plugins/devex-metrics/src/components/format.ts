/** An ISO time or `YYYY-MM-DD` day as its UTC day, `YYYY-MM-DD`. */
export function dayOf(time: string): string {
  return time.slice(0, 10);
}

function utc(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

/** A day on an axis, e.g. `Nov 24`. */
export function formatDay(day: string): string {
  return utc(day).toLocaleDateString('en-US', {
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
}

/** A day in a sentence or tooltip, e.g. `Nov 24, 2026`. */
export function formatDayLong(day: string): string {
  return utc(day).toLocaleDateString('en-US', {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
}

/** A duration in words, e.g. `45 min`, `6 h`, `3.5 days`. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '–';
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 2 * 86400) return `${Math.round((seconds / 3600) * 10) / 10} h`;
  return `${Math.round((seconds / 86400) * 10) / 10} days`;
}
