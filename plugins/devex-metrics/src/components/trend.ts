import { formatDayLong } from '@internal/backstage-plugin-portal-react';

/** A level as people read it: its name, or `no level`. */
export function levelName(level: string | null): string {
  return level ?? 'no level';
}

/** One recorded day of an entity's or team's readiness. */
export interface LevelDay {
  day: string;
  level: string | null;
  /** Teams: passed checks over their services, 0..100. */
  scorePercent?: number;
}

/** How readiness moved, for a sentence or a table cell. */
export interface LevelTrend {
  direction: 'up' | 'down' | 'same';
  /** e.g. `bronze → silver since Nov 24, 2026`. */
  text: string;
  /** Level before the latest change, when there was one. */
  previous?: string | null;
  /** The first day with the current values. */
  since: string;
}

const ARROWS = { up: '↑', down: '↓', same: '→' } as const;

/** `↑`, `↓` or `→`. */
export function arrowOf(direction: LevelTrend['direction']): string {
  return ARROWS[direction];
}

/**
 * The latest change in these days (oldest first): the level (or, for
 * teams, the share of passed checks) before it and the day since when the
 * current values hold. Undefined without any recorded day.
 */
export function levelTrend(
  days: LevelDay[],
  levels: string[],
): LevelTrend | undefined {
  if (days.length === 0) return undefined;
  const rank = (level: string | null) =>
    level === null ? -1 : levels.indexOf(level);
  const last = days[days.length - 1];
  let i = days.length - 1;
  while (
    i > 0 &&
    days[i - 1].level === last.level &&
    days[i - 1].scorePercent === last.scorePercent
  ) {
    i -= 1;
  }
  const since = days[i].day;
  const when = `since ${formatDayLong(since)}`;
  if (i === 0) {
    return {
      direction: 'same',
      text: `${levelName(last.level)} ${when}`,
      since,
    };
  }
  const before = days[i - 1];
  if (before.level !== last.level) {
    return {
      direction: rank(last.level) > rank(before.level) ? 'up' : 'down',
      text: `${levelName(before.level)} → ${levelName(last.level)} ${when}`,
      previous: before.level,
      since,
    };
  }
  const from = before.scorePercent ?? 0;
  const to = last.scorePercent ?? 0;
  return {
    direction: to > from ? 'up' : 'down',
    text: `${levelName(last.level)}, checks ${from}% → ${to}% ${when}`,
    previous: before.level,
    since,
  };
}
