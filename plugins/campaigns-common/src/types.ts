/**
 * Which catalog entities a campaign is about. Every field that is set must
 * match; an unset field matches every entity.
 *
 * @public
 */
export interface CampaignScope {
  /** Entity kind, e.g. `Component` (compared case-insensitively). */
  kind?: string;
  /** `spec.type`, e.g. `service`. */
  type?: string;
  /** The system the entity is part of, e.g. `checkout` or `system:default/checkout`. */
  system?: string;
  /** `spec.lifecycle`, e.g. `production`. */
  lifecycle?: string;
  /** The owner, e.g. `group:default/team-checkout` (a bare name is a group). */
  owner?: string;
  /** The entity carries every one of these tags. */
  tags?: string[];
}

/**
 * What every entity in scope must reach: a DevEx scorecard level (levels are
 * cumulative, so `silver` is met by `silver` and `gold`) or one passing check.
 *
 * @public
 */
export type CampaignTarget =
  | { type: 'level'; level: string }
  | { type: 'check'; check: string };

/**
 * What the platform team writes when it creates or edits a campaign.
 *
 * @public
 */
export interface CampaignInput {
  title: string;
  description: string;
  scope: CampaignScope;
  target: CampaignTarget;
  /** First day, `YYYY-MM-DD` (UTC). */
  startDate: string;
  /** Last day, `YYYY-MM-DD` (UTC): the campaign runs to its end. */
  deadline: string;
}

/** @public */
export interface Campaign extends CampaignInput {
  id: string;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

/**
 * `scheduled` before the start date, `active` from the start date to the end
 * of the deadline, `ended` afterwards.
 *
 * @public
 */
export type CampaignStatus = 'scheduled' | 'active' | 'ended';

/** An entity or team named for people: its title, with the ref for links. @public */
export interface NamedEntity {
  ref: string;
  /** `spec.profile.displayName`, `metadata.title` or `metadata.name`. */
  title: string;
}

/** A check an entity fails on its way to the target. @public */
export interface FailingCheck {
  id: string;
  title: string;
  /** Why it failed, from the scorecard. */
  reason?: string;
}

/** An entity in scope that is not at the target yet. @public */
export interface EntityTodo {
  entity: NamedEntity;
  /** Its scorecard level now; null when it reaches none. */
  level: string | null;
  /** false: DevEx has no scorecard for it (yet), so it cannot count as done. */
  scored: boolean;
  /** The checks it must pass to reach the target. */
  failingChecks: FailingCheck[];
}

/** One owner team's part of a campaign. @public */
export interface OwnerProgress {
  /** The owner team; null for entities without an owner. */
  owner: NamedEntity | null;
  inScope: number;
  atTarget: number;
  /** Its entities not at the target, by title. */
  todo: EntityTodo[];
}

/** Where a campaign stands now. @public */
export interface CampaignProgress {
  computedAt: string;
  inScope: number;
  atTarget: number;
  /** atTarget / inScope, 0..100 with one decimal; null when nothing is in scope. */
  percent: number | null;
  /** Owners with something left to fix first, then the rest, by title. */
  owners: OwnerProgress[];
}

/** One day of the burn-up. @public */
export interface BurnUpPoint {
  /** `YYYY-MM-DD` (UTC). */
  day: string;
  inScope: number;
  atTarget: number;
  percent: number | null;
}

/** A campaign in the list. @public */
export interface CampaignSummary {
  campaign: Campaign;
  status: CampaignStatus;
  inScope: number;
  atTarget: number;
  percent: number | null;
  /** Set when the figures cannot be computed now (e.g. DevEx is unavailable). */
  progressError?: string;
}

/** A campaign's page: its progress now and its burn-up. @public */
export interface CampaignDetails {
  campaign: Campaign;
  status: CampaignStatus;
  progress: CampaignProgress;
  /** One point per day since the start, oldest first; today is the live figure. */
  history: BurnUpPoint[];
}

/** What a campaign can aim at. @public */
export interface CampaignTargets {
  /** Scorecard levels, lowest first. */
  levels: string[];
  /** Scorecard checks. */
  checks: { id: string; title: string }[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Midnight UTC of a `YYYY-MM-DD` day. @public */
export function startOfDay(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

/** The `YYYY-MM-DD` (UTC) of an instant. @public */
export function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The instant a campaign ends: the end of its deadline day (UTC). @public */
export function campaignEnd(campaign: Pick<CampaignInput, 'deadline'>): Date {
  return new Date(startOfDay(campaign.deadline).getTime() + DAY_MS);
}

/** A campaign's status at `now`. @public */
export function campaignStatus(
  campaign: Pick<CampaignInput, 'startDate' | 'deadline'>,
  now: Date,
): CampaignStatus {
  if (now < startOfDay(campaign.startDate)) return 'scheduled';
  if (now >= campaignEnd(campaign)) return 'ended';
  return 'active';
}

/** The target in words, e.g. `at gold` or `passing "Runbook"`. @public */
export function describeTarget(
  target: CampaignTarget,
  checkTitle?: string,
): string {
  return target.type === 'level'
    ? `at ${target.level}`
    : `passing "${checkTitle ?? target.check}"`;
}

/**
 * What a scope's entities are called: `services` for components (or those of
 * type service), `websites`, `APIs`, `systems`, ... and `entities` without a
 * kind; singular for one.
 *
 * @public
 */
export function scopeNoun(scope: CampaignScope, count: number): string {
  const kind = scope.kind?.toLocaleLowerCase('en-US');
  const type = scope.type?.toLocaleLowerCase('en-US');
  let noun: [string, string];
  if (kind === 'component' || (!kind && type)) {
    if (!type || type === 'service') noun = ['service', 'services'];
    else if (type === 'website') noun = ['website', 'websites'];
    else noun = ['component', 'components'];
  } else if (kind === 'api') {
    noun = ['API', 'APIs'];
  } else if (kind) {
    noun = [kind, `${kind}s`];
  } else {
    noun = ['entity', 'entities'];
  }
  return count === 1 ? noun[0] : noun[1];
}
