/** Formats an amount of money, e.g. `$1,234.50`. */
export function formatMoney(amount: number, currency: string): string {
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    maximumFractionDigits: 2,
    minimumFractionDigits: 2,
  }).format(amount);
}

/** Formats an amount for a chart axis, e.g. `$1.2K`, `$80`. */
export function formatMoneyShort(amount: number, currency: string): string {
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    notation: 'compact',
    minimumFractionDigits: 0,
    maximumFractionDigits: 1,
  }).format(amount);
}

/** Formats a relative change, e.g. `+12.5%`. */
export function formatChange(change: number): string {
  const pct = (change * 100).toFixed(1);
  return `${change > 0 ? '+' : ''}${pct}%`;
}

function utc(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

/** A `YYYY-MM-DD` day on an axis, e.g. `Nov 24`. */
export function formatDay(day: string): string {
  return utc(day).toLocaleDateString('en-US', {
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
}

/** A `YYYY-MM-DD` day in a sentence or tooltip, e.g. `Nov 24, 2026`. */
export function formatDayLong(day: string): string {
  return utc(day).toLocaleDateString('en-US', {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
}
