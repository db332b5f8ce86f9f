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
