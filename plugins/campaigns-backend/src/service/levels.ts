import { Config } from '@backstage/config';
import { DEFAULT_SCORECARD_LEVELS } from '@internal/backstage-plugin-devex-metrics-common';

/** A DevEx scorecard level and the checks it adds to the levels below it. */
export interface ScorecardLevel {
  name: string;
  checks: string[];
}

/**
 * The scorecard levels the devex-metrics plugin scores with, lowest first,
 * read from the same key it reads (`devexMetrics.scorecard.levels`): the
 * scorecards it serves name each entity's level and checks, not which level
 * a check belongs to, and a campaign for silver asks only for the checks up
 * to silver.
 */
export function readScorecardLevels(config: Config): ScorecardLevel[] {
  const levels = config.getOptionalConfigArray('devexMetrics.scorecard.levels');
  if (!levels) return DEFAULT_SCORECARD_LEVELS;
  return levels.map(level => ({
    name: level.getString('name'),
    checks: level.getStringArray('checks'),
  }));
}

/** The checks an entity must pass to be at `level`: its own and those below. */
export function checksUpTo(
  levels: ScorecardLevel[],
  level: string,
): string[] | undefined {
  const index = levels.findIndex(l => l.name === level);
  if (index < 0) return undefined;
  return levels.slice(0, index + 1).flatMap(l => l.checks);
}
