import { Config } from '@backstage/config';

/** The checks a DevEx scorecard can be made of. */
export const SCORECARD_CHECK_IDS = [
  'owner-is-group',
  'lifecycle',
  'techdocs',
  'runbook',
  'on-call',
  'dashboard',
  'ci',
  'golden-path',
  'golden-path-version',
] as const;

export type ScorecardCheckId = (typeof SCORECARD_CHECK_IDS)[number];

/** A scorecard level and the checks it adds to the levels below it. */
export interface ScorecardLevel {
  name: string;
  checks: ScorecardCheckId[];
}

/**
 * The levels used when `devexMetrics.scorecard.levels` is not set, lowest
 * first; the scorecard and the campaigns that raise teams to a level both
 * read them from here.
 */
export const DEFAULT_SCORECARD_LEVELS: ScorecardLevel[] = [
  { name: 'bronze', checks: ['owner-is-group', 'lifecycle'] },
  { name: 'silver', checks: ['techdocs', 'runbook', 'ci'] },
  {
    name: 'gold',
    checks: ['on-call', 'dashboard', 'golden-path', 'golden-path-version'],
  },
];

/**
 * The scorecard levels of `devexMetrics.scorecard.levels`, lowest first, or
 * {@link DEFAULT_SCORECARD_LEVELS} when the key is not set. The DevEx
 * scorecard scores with them; the campaigns backend reads the same levels to
 * know which checks a campaign for a level asks for. Throws on a check that
 * is not one of {@link SCORECARD_CHECK_IDS}.
 */
export function readScorecardLevels(config: Config): ScorecardLevel[] {
  const levels = config.getOptionalConfigArray('devexMetrics.scorecard.levels');
  if (!levels) return DEFAULT_SCORECARD_LEVELS;
  return levels.map((level, i) => {
    const name = level.getString('name');
    const checks = level.getStringArray('checks');
    for (const check of checks) {
      if (!(SCORECARD_CHECK_IDS as readonly string[]).includes(check)) {
        throw new Error(
          `devexMetrics.scorecard.levels[${i}].checks: unknown check '${check}'; known checks: ${SCORECARD_CHECK_IDS.join(
            ', ',
          )}`,
        );
      }
    }
    return { name, checks: checks as ScorecardCheckId[] };
  });
}
