import {
  DevexDailyMetrics,
  DevexSnapshot,
  EntityReadinessDay,
  Scorecard,
  TeamReadinessDay,
} from '@internal/backstage-plugin-devex-metrics-common';
import { DailyRecord, ReadinessRow } from '../database/DevexStore';
import { scorecardsByOwner } from './scorecard';

/** The UTC day of a time, `YYYY-MM-DD`. */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The UTC day `days` days before `day`. */
export function daysBefore(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return utcDay(d);
}

/** The keys of the daily figures (devex_daily_metrics.key). */
export const DAILY_KEYS = {
  coverage: 'catalog.coverage_percent',
  services: 'catalog.services',
  adoption: 'golden_path.adoption_percent',
  fromTemplate: 'golden_path.from_template',
  runsTotal: 'template_runs.total',
  runsCompleted: 'template_runs.completed',
  runsFailed: 'template_runs.failed',
  runsCancelled: 'template_runs.cancelled',
  runsOther: 'template_runs.other',
  nps: 'survey.nps',
  responses: 'survey.responses',
  ttfdMedian: 'time_to_first_deploy.median_seconds',
  levelPrefix: 'readiness.level.',
} as const;

/**
 * The level every one of these scorecards reaches (the lowest one's), or
 * null when one reaches no level.
 */
export function floorLevel(
  scorecards: Pick<Scorecard, 'level'>[],
  levels: string[],
): string | null {
  let floor = levels.length - 1;
  for (const s of scorecards) {
    const i = s.level === null ? -1 : levels.indexOf(s.level);
    floor = Math.min(floor, i);
  }
  return floor < 0 ? null : levels[floor];
}

/** What one computation records for its UTC day. */
export function dailyRecordOf(
  snapshot: DevexSnapshot,
  scorecards: Scorecard[],
): DailyRecord {
  const runs = { total: 0, completed: 0, failed: 0, cancelled: 0, other: 0 };
  for (const e of snapshot.goldenPath.executions) {
    runs.completed += e.completed;
    runs.failed += e.failed;
    runs.cancelled += e.cancelled;
    runs.other += e.other;
  }
  runs.total = runs.completed + runs.failed + runs.cancelled + runs.other;
  const levelCounts: Record<string, number> = { none: 0 };
  for (const l of snapshot.levels) levelCounts[l] = 0;
  for (const s of scorecards) levelCounts[s.level ?? 'none'] += 1;

  const metrics: Record<string, number | null> = {
    [DAILY_KEYS.coverage]: snapshot.catalog.coveragePercent,
    [DAILY_KEYS.services]: snapshot.catalog.servicesInCatalog,
    [DAILY_KEYS.adoption]: snapshot.goldenPath.adoptionPercent,
    [DAILY_KEYS.fromTemplate]: snapshot.goldenPath.fromTemplate,
    [DAILY_KEYS.runsTotal]: runs.total,
    [DAILY_KEYS.runsCompleted]: runs.completed,
    [DAILY_KEYS.runsFailed]: runs.failed,
    [DAILY_KEYS.runsCancelled]: runs.cancelled,
    [DAILY_KEYS.runsOther]: runs.other,
    [DAILY_KEYS.nps]: snapshot.survey.nps,
    [DAILY_KEYS.responses]: snapshot.survey.responses,
    [DAILY_KEYS.ttfdMedian]: snapshot.timeToFirstDeploy.medianSeconds,
  };
  for (const [level, n] of Object.entries(levelCounts)) {
    metrics[`${DAILY_KEYS.levelPrefix}${level}`] = n;
  }

  const byOwner = scorecardsByOwner(scorecards);
  const readiness: DailyRecord['readiness'] = [
    ...scorecards.map(s => ({
      subjectType: 'entity' as const,
      subjectRef: s.entityRef,
      level: s.level,
      data: { passed: s.passed, total: s.total },
    })),
    ...snapshot.teams.map(t => ({
      subjectType: 'team' as const,
      subjectRef: t.owner,
      level: floorLevel(byOwner.get(t.owner) ?? [], snapshot.levels),
      data: {
        services: t.services,
        levels: t.levels,
        scorePercent: t.scorePercent,
      },
    })),
  ];
  return { day: utcDay(new Date(snapshot.computedAt)), metrics, readiness };
}

/** The stored figures as one row per day, oldest first. */
export function dailyMetricsFrom(
  rows: { day: string; key: string; value: number | null }[],
): DevexDailyMetrics[] {
  const byDay = new Map<string, Map<string, number | null>>();
  for (const r of rows) {
    const day = byDay.get(r.day) ?? new Map<string, number | null>();
    day.set(r.key, r.value);
    byDay.set(r.day, day);
  }
  return [...byDay.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, values]) => {
      const get = (key: string) => values.get(key) ?? null;
      const count = (key: string) => values.get(key) ?? 0;
      const levels: Record<string, number> = {};
      for (const [key, value] of values) {
        if (key.startsWith(DAILY_KEYS.levelPrefix)) {
          levels[key.slice(DAILY_KEYS.levelPrefix.length)] = value ?? 0;
        }
      }
      return {
        day,
        catalogCoveragePercent: get(DAILY_KEYS.coverage),
        servicesInCatalog: get(DAILY_KEYS.services),
        adoptionPercent: get(DAILY_KEYS.adoption),
        fromTemplate: get(DAILY_KEYS.fromTemplate),
        templateRuns: {
          total: count(DAILY_KEYS.runsTotal),
          completed: count(DAILY_KEYS.runsCompleted),
          failed: count(DAILY_KEYS.runsFailed),
          cancelled: count(DAILY_KEYS.runsCancelled),
          other: count(DAILY_KEYS.runsOther),
        },
        nps: get(DAILY_KEYS.nps),
        surveyResponses: get(DAILY_KEYS.responses),
        timeToFirstDeployMedianSeconds: get(DAILY_KEYS.ttfdMedian),
        levels,
      };
    });
}

export function teamDayOf(row: ReadinessRow): TeamReadinessDay {
  const data = row.data as {
    services?: number;
    levels?: Record<string, number>;
    scorePercent?: number;
  };
  return {
    day: row.day,
    level: row.level,
    services: data.services ?? 0,
    levels: data.levels ?? {},
    scorePercent: data.scorePercent ?? 0,
  };
}

export function entityDayOf(row: ReadinessRow): EntityReadinessDay {
  const data = row.data as { passed?: number; total?: number };
  return {
    day: row.day,
    level: row.level,
    passed: data.passed ?? 0,
    total: data.total ?? 0,
  };
}
