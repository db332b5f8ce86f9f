/**
 * Health of one figure against the thresholds in `devexMetrics.thresholds`:
 * `healthy` meets the target, `unhealthy` is below the alarm level,
 * `warning` is in between, `unknown` has no data yet.
 *
 * @public
 */
export type HealthStatus = 'healthy' | 'warning' | 'unhealthy' | 'unknown';

/** @public */
export interface CatalogCoverage {
  /** Components of type service or website in the catalog. */
  servicesInCatalog: number;
  /** Repositories the source host knows about (see `repositoriesSource`). */
  repositoriesDiscovered: number;
  /** Where `repositoriesDiscovered` comes from. */
  repositoriesSource: string;
  /** servicesInCatalog / repositoriesDiscovered, 0..100; null without repositories. */
  coveragePercent: number | null;
  /** % of services whose owner is a Group. */
  withOwnerPercent: number | null;
  /** % of services with a TechDocs annotation. */
  withTechDocsPercent: number | null;
  /** % of services with a runbook. */
  withRunbookPercent: number | null;
  status: HealthStatus;
}

/** @public */
export interface TemplateExecutions {
  template: string;
  completed: number;
  failed: number;
  cancelled: number;
  /** open, processing or other non-final states */
  other: number;
}

/** @public */
export interface GoldenPathAdoption {
  /** Services carrying a `backstage.io/source-template` annotation. */
  fromTemplate: number;
  /** fromTemplate / servicesInCatalog, 0..100. */
  adoptionPercent: number | null;
  /** Per template, the scaffolder tasks by outcome. */
  executions: TemplateExecutions[];
  status: HealthStatus;
}

/** @public */
export interface FirstDeploy {
  entityRef: string;
  /** When the scaffolder task that created the service started. */
  createdAt: string;
  /** The first successful deployment, if any. */
  firstDeployAt: string | null;
  seconds: number | null;
}

/** @public */
export interface TimeToFirstDeploy {
  /** Median over services that have deployed, in seconds. */
  medianSeconds: number | null;
  deployed: number;
  /** Created from a template but not deployed yet. */
  pending: number;
  services: FirstDeploy[];
  status: HealthStatus;
}

/** @public */
export interface SurveyResult {
  period: string;
  responses: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** %promoters - %detractors, -100..100; null without answers. */
  nps: number | null;
  status: HealthStatus;
}

/** @public */
export interface ScorecardCheckResult {
  id: string;
  title: string;
  /** True when it passed, or when it does not apply (`notApplicable`). */
  passed: boolean;
  /**
   * The check does not apply to this entity (e.g. "On a supported
   * golden-path version" for a service not created from a golden path): it
   * holds no level back and is left out of the scorecard's `passed` and
   * `total`. `reason` says why it does not apply.
   */
  notApplicable?: boolean;
  /**
   * Why a check failed, or why it does not apply, in a short sentence for
   * people (e.g. "PagerDuty is not configured"); absent when it passed.
   */
  reason?: string;
}

/** @public */
export interface Scorecard {
  entityRef: string;
  owner: string | null;
  checks: ScorecardCheckResult[];
  /** Highest level whose checks all pass, or null (none). */
  level: string | null;
  /** Checks passed, of those that apply. */
  passed: number;
  /** Checks that apply to the entity (`notApplicable` ones left out). */
  total: number;
}

/** @public */
export interface TeamScorecard {
  owner: string;
  services: number;
  /** Entities per level; `none` for those that reach no level. */
  levels: Record<string, number>;
  /** Passed checks / checks that apply, over the team's services, 0..100. */
  scorePercent: number;
}

/** @public */
export interface DevexSnapshot {
  computedAt: string;
  catalog: CatalogCoverage;
  goldenPath: GoldenPathAdoption;
  timeToFirstDeploy: TimeToFirstDeploy;
  survey: SurveyResult;
  levels: string[];
  teams: TeamScorecard[];
  overall: HealthStatus;
}

/** @public */
export interface DevexHistoryPoint {
  computedAt: string;
  catalogCoveragePercent: number | null;
  adoptionPercent: number | null;
  nps: number | null;
}

/** Everything the platform dashboard shows. @public */
export interface DevexDashboard {
  latest: DevexSnapshot | null;
  history: DevexHistoryPoint[];
  /** NPS per survey period, oldest first. */
  npsTrend: SurveyResult[];
  scorecards: Scorecard[];
  /** The thresholds in effect (`devexMetrics.thresholds`). */
  thresholds: DevexThresholds;
  /** Free-text answers of the current period. */
  comments: { score: number; comment: string; answeredAt: string }[];
}

/** @public */
export interface SurveyStatus {
  period: string;
  answered: boolean;
}

/**
 * The body of `POST /api/devex-metrics/survey`: the signed-in user's answer
 * for the current period.
 *
 * @public
 */
export interface SurveyAnswerRequest {
  /** 0 to 10. */
  score: number;
  /** At most 2,000 characters. */
  comment?: string;
}

/** Healthy/unhealthy thresholds (reference document section 3.3). @public */
export interface DevexThresholds {
  catalogCoveragePercent: number;
  goldenPathAdoptionPercent: number;
  nps: number;
  timeToFirstDeployHours: number;
  unhealthyAdoptionPercent: number;
  unhealthyNps: number;
  unhealthyTimeToFirstDeployHours: number;
}

/**
 * Scaffolder task runs of one day's recording, by outcome (all templates).
 *
 * @public
 */
export interface TemplateRunCounts {
  total: number;
  completed: number;
  failed: number;
  cancelled: number;
  /** open, processing or other non-final states */
  other: number;
}

/**
 * The platform figures as recorded for one UTC day (the day's last
 * computation; a later computation the same day replaces it). Null where
 * there was no data.
 *
 * @public
 */
export interface DevexDailyMetrics {
  /** UTC day, `YYYY-MM-DD`. */
  day: string;
  catalogCoveragePercent: number | null;
  servicesInCatalog: number | null;
  adoptionPercent: number | null;
  fromTemplate: number | null;
  templateRuns: TemplateRunCounts;
  nps: number | null;
  surveyResponses: number | null;
  timeToFirstDeployMedianSeconds: number | null;
  /** Services per readiness level; `none` for those that reach no level. */
  levels: Record<string, number>;
}

/**
 * The readiness of one team as recorded for one UTC day.
 *
 * @public
 */
export interface TeamReadinessDay {
  day: string;
  /**
   * The level every one of the team's services reaches (its lowest
   * service's level); null when one reaches no level.
   */
  level: string | null;
  services: number;
  /** Services per level; `none` for those that reach no level. */
  levels: Record<string, number>;
  /** Passed checks / checks that apply, over the team's services, 0..100. */
  scorePercent: number;
}

/**
 * `GET /history?days=`: one row per recorded day, oldest first, and each
 * team's readiness per day.
 *
 * @public
 */
export interface DevexHistory {
  /** The configured level names, lowest first. */
  levels: string[];
  days: DevexDailyMetrics[];
  /** Per owner ref (as in {@link TeamScorecard.owner}), oldest first. */
  teams: Record<string, TeamReadinessDay[]>;
}

/**
 * The readiness of one entity as recorded for one UTC day.
 *
 * @public
 */
export interface EntityReadinessDay {
  day: string;
  level: string | null;
  passed: number;
  total: number;
}

/**
 * `GET /scorecards/history?entityRef=` or `?team=`: the recorded days of one
 * entity or one team, oldest first.
 *
 * @public
 */
export type ScorecardHistory =
  | {
      kind: 'entity';
      entityRef: string;
      levels: string[];
      days: EntityReadinessDay[];
    }
  | {
      kind: 'team';
      team: string;
      levels: string[];
      days: TeamReadinessDay[];
    };
