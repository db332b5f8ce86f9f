import { ResponseError } from '@backstage/errors';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const time = new Intl.DateTimeFormat('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const day = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
});

/** `45 min`, `13 h`, `3 d`: a duration rounded down to its largest unit. */
function span(ms: number): string {
  if (ms >= 2 * DAY) return `${Math.floor(ms / DAY)} d`;
  if (ms >= HOUR) return `${Math.floor(ms / HOUR)} h`;
  return `${Math.max(1, Math.floor(ms / MINUTE))} min`;
}

/**
 * End of an on-call shift, absolute and relative, in the browser's time
 * zone: `until 08:00 Sat 5 Dec (in 13 h)`.
 */
export function formatUntil(end: string | null, now: number): string {
  if (!end) return 'always on call (no rotation)';
  const at = new Date(end);
  return `until ${time.format(at)} ${day.format(at)} (in ${span(
    at.getTime() - now,
  )})`;
}

/** Age of an incident: `just now`, `25 min ago`, `2 h ago`, `3 d ago`. */
export function formatAge(createdAt: string, now: number): string {
  const ms = now - Date.parse(createdAt);
  if (ms < MINUTE) return 'just now';
  return `${span(ms)} ago`;
}

/** What the backend said (its message), not a stack or a status line. */
export function errorMessage(error: Error): string {
  if (error instanceof ResponseError || error.name === 'ResponseError') {
    const cause = (error as ResponseError).cause;
    if (cause?.message) return cause.message;
  }
  return error.message;
}
