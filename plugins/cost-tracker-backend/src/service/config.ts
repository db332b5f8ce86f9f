import { Config } from '@backstage/config';

/** The plugin's configuration under `costTracker`, with defaults applied. */
export type CostTrackerConfig = {
  currency: string;
  opencost?: {
    baseUrl: string;
    aggregate: string;
    lookbackDays: number;
  };
  focus: {
    directories: string[];
    defaultTagKey: string;
  };
  budgets: Array<{ entityRef: string; monthly: number }>;
};

/** Reads `costTracker` from the app config. */
export function readCostTrackerConfig(root: Config): CostTrackerConfig {
  const config = root.getOptionalConfig('costTracker');
  const opencost = config?.getOptionalConfig('opencost');
  const aggregate = opencost?.getOptionalString('aggregate') ?? 'label:app';
  if (aggregate !== 'namespace' && !/^label:[\w.\-/]+$/.test(aggregate)) {
    throw new Error(
      `costTracker.opencost.aggregate must be 'namespace' or 'label:<name>', got '${aggregate}'`,
    );
  }
  return {
    currency: config?.getOptionalString('currency') ?? 'USD',
    opencost: opencost
      ? {
          baseUrl: opencost.getString('baseUrl'),
          aggregate,
          lookbackDays: opencost.getOptionalNumber('lookbackDays') ?? 3,
        }
      : undefined,
    focus: {
      directories: config?.getOptionalStringArray('focus.directories') ?? [],
      defaultTagKey: config?.getOptionalString('focus.defaultTagKey') ?? 'app',
    },
    budgets: (config?.getOptionalConfigArray('budgets') ?? []).map(b => ({
      entityRef: b.getString('entityRef').toLocaleLowerCase('en-US'),
      monthly: b.getNumber('monthly'),
    })),
  };
}
