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
