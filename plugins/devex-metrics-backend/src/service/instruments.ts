import type { MetricsService } from '@backstage/backend-plugin-api/alpha';
import { DevexSnapshot } from '@internal/backstage-plugin-devex-metrics-common';

/** Bucket bounds of time_to_first_deploy_seconds: 1h .. 30d. */
export const FIRST_DEPLOY_BUCKETS = [
  3600,
  4 * 3600,
  12 * 3600,
  86400,
  2 * 86400,
  3 * 86400,
  7 * 86400,
  14 * 86400,
  30 * 86400,
];

/** How long a scrape reuses the snapshot read from the database. */
const CACHE_MS = 15_000;

/**
 * The plugin's Prometheus metrics (through the backend's metrics service,
 * i.e. OpenTelemetry; packages/backend/src/instrumentation.js exports them
 * on :9464/metrics). Gauges and counters read the latest stored snapshot at
 * scrape time, so every replica exports the same figures whichever one ran
 * the computation; the histogram is recorded by the replica that found a
 * new first deploy (sum it over instances).
 */
export class DevexInstruments {
  private latest: DevexSnapshot | null = null;
  private loadedAt = 0;
  private loading?: Promise<void>;
  private readonly firstDeploy;

  constructor(
    metrics: MetricsService,
    private readonly loadLatest: () => Promise<DevexSnapshot | null>,
  ) {
    metrics
      .createObservableGauge('services_in_catalog_total', {
        description: 'Components in the software catalog',
      })
      .addCallback(async r => {
        await this.fresh();
        if (this.latest) r.observe(this.latest.catalog.servicesInCatalog);
      });
    metrics
      .createObservableGauge('golden_path_usage_total', {
        description:
          'Components created from a golden-path template (backstage.io/source-template)',
      })
      .addCallback(async r => {
        await this.fresh();
        if (this.latest) r.observe(this.latest.goldenPath.fromTemplate);
      });
    metrics
      .createObservableCounter<{ template: string; outcome: string }>(
        'template_executions_total',
        { description: 'Scaffolder task runs by template and outcome' },
      )
      .addCallback(async r => {
        await this.fresh();
        for (const e of this.latest?.goldenPath.executions ?? []) {
          for (const outcome of ['completed', 'failed', 'cancelled'] as const) {
            r.observe(e[outcome], { template: e.template, outcome });
          }
        }
      });
    const gauge = (
      name: string,
      description: string,
      value: (s: DevexSnapshot) => number | null,
    ) =>
      metrics
        .createObservableGauge(name, { description })
        .addCallback(async r => {
          await this.fresh();
          // NaN (no data yet) keeps the series present; comparisons with NaN
          // are false, so alerts stay quiet until there is data.
          if (this.latest) r.observe(value(this.latest) ?? NaN);
        });
    gauge(
      'devex_repositories_discovered_total',
      'Repositories known from the source host',
      s => s.catalog.repositoriesDiscovered,
    );
    gauge(
      'devex_catalog_coverage_ratio',
      'Share of discovered repositories with a Component in the catalog (0..1)',
      s =>
        s.catalog.coveragePercent === null
          ? null
          : s.catalog.coveragePercent / 100,
    );
    gauge(
      'devex_nps',
      'DevEx survey NPS of the current period (NaN without answers)',
      s => s.survey.nps,
    );
    gauge(
      'devex_time_to_first_deploy_median_seconds',
      'Median time from scaffolder run to first successful deployment (NaN without deploys)',
      s => s.timeToFirstDeploy.medianSeconds,
    );
    gauge(
      'devex_first_deploy_pending_total',
      'Services created from a template that have not deployed yet',
      s => s.timeToFirstDeploy.pending,
    );
    gauge(
      'devex_survey_responses_total',
      'DevEx survey answers in the current period',
      s => s.survey.responses,
    );
    gauge(
      'devex_last_computed_timestamp_seconds',
      'When the DevEx metrics were last computed',
      s => Date.parse(s.computedAt) / 1000,
    );
    this.firstDeploy = metrics.createHistogram('time_to_first_deploy_seconds', {
      description:
        "From a service's scaffolder run to its first successful deployment",
      advice: { explicitBucketBoundaries: FIRST_DEPLOY_BUCKETS },
    });
  }

  /** A computation just finished on this replica. */
  update(snapshot: DevexSnapshot) {
    this.latest = snapshot;
    this.loadedAt = Date.now();
  }

  private async fresh(): Promise<void> {
    if (Date.now() - this.loadedAt < CACHE_MS) return;
    this.loading ??= this.loadLatest()
      .then(s => {
        if (s) this.latest = s;
        this.loadedAt = Date.now();
      })
      .catch(() => {
        // keep the previous figures; the next scrape retries
      })
      .finally(() => {
        this.loading = undefined;
      });
    await this.loading;
  }

  recordFirstDeploy(seconds: number) {
    this.firstDeploy.record(seconds);
  }
}
