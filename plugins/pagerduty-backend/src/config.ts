import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';

/** `pagerDuty` of app-config (config.d.ts), read once at start-up. */
export type PagerDutyConfig = {
  apiBaseUrl: string;
  /** Absent: PagerDuty is not configured. */
  apiToken?: string;
  timeoutMs: number;
  cacheTtlMs: number;
  /** `app.title`, named in the incidents the portal creates. */
  portalName: string;
};

export const DEFAULT_API_BASE_URL = 'https://api.pagerduty.com';

/** What the card and the `service` endpoint tell people when not configured. */
export const HOW_TO_CONFIGURE =
  'PagerDuty is not connected to this portal. An admin sets pagerDuty.apiToken ' +
  '(environment variable PAGERDUTY_TOKEN in production) to a PagerDuty REST API key ' +
  '- see plugins/pagerduty-backend/README.md';

function durationMs(config: Config, key: string, fallback: number): number {
  return config.has(key)
    ? durationToMilliseconds(readDurationFromConfig(config, { key }))
    : fallback;
}

export function readPagerDutyConfig(root: Config): PagerDutyConfig {
  const config = root.getOptionalConfig('pagerDuty');
  const apiBaseUrl = (
    config?.getOptionalString('apiBaseUrl') || DEFAULT_API_BASE_URL
  ).replace(/\/+$/, '');
  try {
    // eslint-disable-next-line no-new
    new URL(apiBaseUrl);
  } catch {
    throw new Error(
      `pagerDuty.apiBaseUrl must be an absolute URL, got '${apiBaseUrl}'`,
    );
  }
  return {
    apiBaseUrl,
    apiToken: config?.getOptionalString('apiToken')?.trim() || undefined,
    timeoutMs: config ? durationMs(config, 'timeout', 10_000) : 10_000,
    cacheTtlMs: config ? durationMs(config, 'cacheTtl', 30_000) : 30_000,
    portalName: root.getOptionalString('app.title') ?? 'Backstage',
  };
}
