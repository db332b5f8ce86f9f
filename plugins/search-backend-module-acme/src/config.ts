import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';

export type AcmeSearchSettings = {
  prebuild: {
    enabled: boolean;
    schedule: SchedulerServiceTaskScheduleDefinition;
  };
  catalogSettle: { quietPeriodMs: number; maxWaitMs: number };
  rerankWindow: number;
  /** `search.collators.catalog.schedule` (read by this module, not upstream's). */
  catalogCollatorSchedule: SchedulerServiceTaskScheduleDefinition;
  catalogChangeCheck: { enabled: boolean; reindexAfterMs: number };
};

/** The default of `@backstage/plugin-search-backend-module-catalog`. */
const defaultCatalogCollatorSchedule: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 10 },
  timeout: { minutes: 15 },
  initialDelay: { seconds: 3 },
};

const defaultPrebuildSchedule: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 10 },
  timeout: { hours: 1 },
  initialDelay: { seconds: 20 },
};

function durationMs(
  config: Config | undefined,
  key: string,
  fallback: HumanDuration,
): number {
  return durationToMilliseconds(
    config?.has(key) ? readDurationFromConfig(config, { key }) : fallback,
  );
}

/** `search.acme` (config.d.ts), with defaults. */
export function readAcmeSearchSettings(config: Config): AcmeSearchSettings {
  const acme = config.getOptionalConfig('search.acme');
  const prebuild = acme?.getOptionalConfig('techdocsPrebuild');
  const settle = acme?.getOptionalConfig('catalogSettle');
  const changeCheck = acme?.getOptionalConfig('catalogChangeCheck');
  const collatorSchedule = 'search.collators.catalog.schedule';
  const builder = config.getOptionalString('techdocs.builder') ?? 'local';
  return {
    prebuild: {
      enabled: prebuild?.getOptionalBoolean('enabled') ?? builder === 'local',
      schedule: prebuild?.has('schedule')
        ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
            prebuild.getConfig('schedule'),
          )
        : defaultPrebuildSchedule,
    },
    catalogSettle: {
      quietPeriodMs: durationMs(settle, 'quietPeriod', { seconds: 5 }),
      maxWaitMs: durationMs(settle, 'maxWait', { minutes: 2 }),
    },
    rerankWindow: acme?.getOptionalNumber('rerankWindow') ?? 50,
    catalogCollatorSchedule: config.has(collatorSchedule)
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
          config.getConfig(collatorSchedule),
        )
      : defaultCatalogCollatorSchedule,
    catalogChangeCheck: {
      enabled: changeCheck?.getOptionalBoolean('enabled') ?? true,
      reindexAfterMs: durationMs(changeCheck, 'reindexAfter', { hours: 1 }),
    },
  };
}
