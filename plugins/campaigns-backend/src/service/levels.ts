import { ScorecardLevel } from '@internal/backstage-plugin-devex-metrics-common';

/** The checks an entity must pass to be at `level`: its own and those below. */
export function checksUpTo(
  levels: ScorecardLevel[],
  level: string,
): string[] | undefined {
  const index = levels.findIndex(l => l.name === level);
  if (index < 0) return undefined;
  return levels.slice(0, index + 1).flatMap(l => l.checks);
}
