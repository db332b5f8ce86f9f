import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  RootConfigService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { readDurationFromConfig } from '@backstage/config';
import { GoldenPathVersionSettings } from './service/scorecard';

import {
  DevexThresholds,
  readScorecardLevels,
  ScorecardLevel,
} from '@internal/backstage-plugin-devex-metrics-common';

export type Thresholds = DevexThresholds;

export interface DevexConfig {
  schedule: SchedulerServiceTaskScheduleDefinition;
  /** The live recompute (inputs changed), or null when switched off. */
  live: SchedulerServiceTaskScheduleDefinition | null;
  thresholds: Thresholds;
  surveyPeriod: 'month' | 'quarter';
  deployments: {
    environments?: string[];
    sharedSecret?: string;
  };
  levels: ScorecardLevel[];
  /** The golden-path-version check. */
  goldenPathVersion: GoldenPathVersionSettings;
}

/** The reference document's section 3.3. */
export const DEFAULT_THRESHOLDS: Thresholds = {
  catalogCoveragePercent: 80,
  goldenPathAdoptionPercent: 60,
  nps: 40,
  timeToFirstDeployHours: 24,
  unhealthyAdoptionPercent: 20,
  unhealthyNps: 0,
  unhealthyTimeToFirstDeployHours: 168,
};

/** The latest major only. */
export const DEFAULT_GOLDEN_PATH_VERSION: GoldenPathVersionSettings = {
  supportedMajorVersionsBehind: 0,
};

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 30 },
  timeout: { minutes: 10 },
  initialDelay: { seconds: 15 },
};

/** Every 30 s: a change shows after two runs, about a minute. */
const DEFAULT_LIVE_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { seconds: 30 },
  timeout: { minutes: 5 },
  initialDelay: { seconds: 10 },
};

function readLive(
  root: ReturnType<RootConfigService['getOptionalConfig']>,
): SchedulerServiceTaskScheduleDefinition | null {
  const live = root?.getOptionalConfig('live');
  if (!live) return DEFAULT_LIVE_SCHEDULE;
  if (live.getOptionalBoolean('enabled') === false) return null;
  return {
    frequency: live.has('frequency')
      ? readDurationFromConfig(live, { key: 'frequency' })
      : DEFAULT_LIVE_SCHEDULE.frequency,
    timeout: live.has('timeout')
      ? readDurationFromConfig(live, { key: 'timeout' })
      : DEFAULT_LIVE_SCHEDULE.timeout,
    initialDelay: live.has('initialDelay')
      ? readDurationFromConfig(live, { key: 'initialDelay' })
      : DEFAULT_LIVE_SCHEDULE.initialDelay,
  };
}

/** Reads `devexMetrics`; a bad value stops the backend naming the key. */
export function readDevexConfig(config: RootConfigService): DevexConfig {
  const root = config.getOptionalConfig('devexMetrics');
  const t = root?.getOptionalConfig('thresholds');
  const thresholds = { ...DEFAULT_THRESHOLDS };
  for (const key of Object.keys(thresholds) as (keyof Thresholds)[]) {
    const value = t?.getOptionalNumber(key);
    if (value !== undefined) thresholds[key] = value;
  }

  const period = root?.getOptionalString('survey.period') ?? 'quarter';
  if (period !== 'month' && period !== 'quarter') {
    throw new Error(
      `devexMetrics.survey.period must be 'month' or 'quarter', got '${period}'`,
    );
  }

  const levels = readScorecardLevels(config);

  const behind =
    root?.getOptionalNumber(
      'scorecard.goldenPathVersion.supportedMajorVersionsBehind',
    ) ?? DEFAULT_GOLDEN_PATH_VERSION.supportedMajorVersionsBehind;
  if (!Number.isInteger(behind) || behind < 0) {
    throw new Error(
      `devexMetrics.scorecard.goldenPathVersion.supportedMajorVersionsBehind must be a whole number, 0 or more, got ${behind}`,
    );
  }

  const d = root?.getOptionalConfig('deployments');
  return {
    schedule: root?.has('schedule')
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
          root.getConfig('schedule'),
        )
      : DEFAULT_SCHEDULE,
    live: readLive(root),
    thresholds,
    surveyPeriod: period,
    deployments: {
      environments: d?.getOptionalStringArray('environments'),
      sharedSecret: d?.getOptionalString('sharedSecret') || undefined,
    },
    levels,
    goldenPathVersion: { supportedMajorVersionsBehind: behind },
  };
}
