import {
  CampaignScope,
  CampaignStatus,
  CampaignTarget,
  describeTarget,
  scopeNoun,
} from '@internal/backstage-plugin-campaigns-common';

const DAY_MS = 24 * 60 * 60 * 1000;

/** `2027-01-31` as `31 Jan 2027` (the day in UTC, as stored). */
export function formatDay(day: string | number): string {
  const date =
    typeof day === 'number' ? new Date(day) : new Date(`${day}T00:00:00Z`);
  return date.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/** `12 days left`, `last day`, `ended 3 days ago`, `starts in 5 days`. */
export function deadlineText(
  startDate: string,
  deadline: string,
  now: Date,
): string {
  const today = Date.parse(`${now.toISOString().slice(0, 10)}T00:00:00Z`);
  const start = Date.parse(`${startDate}T00:00:00Z`);
  const end = Date.parse(`${deadline}T00:00:00Z`);
  const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;
  if (today < start)
    return `starts in ${days(Math.round((start - today) / DAY_MS))}`;
  if (today > end)
    return `ended ${days(Math.round((today - end) / DAY_MS))} ago`;
  if (today === end) return 'last day';
  return `${days(Math.round((end - today) / DAY_MS))} left`;
}

/** The last part of a ref, e.g. `checkout` for `system:default/checkout`. */
export function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1).replace(/^[a-z]+:/i, '');
}

/** The scope in words: `Components of checkout, production, owned by team-checkout`. */
export function describeScope(scope: CampaignScope): string {
  const noun = scopeNoun(scope, 2);
  const what = noun.charAt(0).toLocaleUpperCase('en-US') + noun.slice(1);
  const parts: string[] = [];
  if (scope.system) parts.push(`in ${refName(scope.system)}`);
  if (scope.lifecycle) parts.push(`in ${scope.lifecycle}`);
  if (scope.owner) parts.push(`owned by ${refName(scope.owner)}`);
  if (scope.tags?.length) parts.push(`tagged ${scope.tags.join(', ')}`);
  return parts.length ? `${what} ${parts.join(', ')}` : `All ${noun}`;
}

/** `3 of 5 services at gold`. */
export function progressText(
  atTarget: number,
  inScope: number,
  scope: CampaignScope,
  target: CampaignTarget,
  checkTitle?: string,
): string {
  return `${atTarget} of ${inScope} ${scopeNoun(
    scope,
    inScope,
  )} ${describeTarget(target, checkTitle)}`;
}

/** `60%`, or `-` when nothing is in scope. */
export function formatPercent(percent: number | null): string {
  return percent === null ? '-' : `${percent}%`;
}

/** A campaign's status for people. */
export const STATUS_LABEL: Record<CampaignStatus, string> = {
  scheduled: 'Not started',
  active: 'Running',
  ended: 'Ended',
};
