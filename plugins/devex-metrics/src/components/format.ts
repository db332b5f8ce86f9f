/** An ISO time or `YYYY-MM-DD` day as its UTC day, `YYYY-MM-DD`. */
export function dayOf(time: string): string {
  return time.slice(0, 10);
}

/** A duration in words, e.g. `45 min`, `6 h`, `3.5 days`. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '–';
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 2 * 86400) return `${Math.round((seconds / 3600) * 10) / 10} h`;
  return `${Math.round((seconds / 86400) * 10) / 10} days`;
}
