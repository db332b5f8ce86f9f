/*
 * Prometheus metrics of the whole backend, the Backstage "Setup OpenTelemetry"
 * recipe reduced to metrics: every plugin's metrics service (catalog,
 * scaffolder, scheduler, devex-metrics, ...) records into this meter provider
 * and Prometheus scrapes http://<pod>:9464/metrics (the Helm chart's
 * ServiceMonitor). Loaded before the backend with `--require` (the backend's
 * start script and the Dockerfile's CMD) so the provider exists before the
 * first plugin asks for a meter. Plain CommonJS: it runs before any
 * TypeScript loader.
 *
 * OTEL_EXPORTER_PROMETHEUS_HOST / OTEL_EXPORTER_PROMETHEUS_PORT override the
 * listen address (default 0.0.0.0:9464), e.g. for tests that run several
 * backends side by side; OTEL_METRICS_EXPORTER=none turns it off.
 */
const { metrics } = require('@opentelemetry/api');
const { MeterProvider } = require('@opentelemetry/sdk-metrics');
const { PrometheusExporter } = require('@opentelemetry/exporter-prometheus');
const { monitorEventLoopDelay } = require('node:perf_hooks');

if (process.env.OTEL_METRICS_EXPORTER !== 'none') {
  const port = Number(process.env.OTEL_EXPORTER_PROMETHEUS_PORT || 9464);
  const exporter = new PrometheusExporter(
    {
      host: process.env.OTEL_EXPORTER_PROMETHEUS_HOST || undefined,
      port,
      endpoint: '/metrics',
    },
    error => {
      if (error) {
        // Metrics are not worth a crash loop; the log says why they are missing.
        console.error(`Prometheus exporter not started on :${port}: ${error}`);
      }
    },
  );
  const provider = new MeterProvider({ readers: [exporter] });
  metrics.setGlobalMeterProvider(provider);

  // Process health next to the plugins' own metrics.
  const meter = provider.getMeter('acme-portal-process');
  const loopDelay = monitorEventLoopDelay({ resolution: 20 });
  loopDelay.enable();
  meter
    .createObservableGauge('process_resident_memory_bytes', {
      description: 'Resident set size of the backend process',
    })
    .addCallback(r => r.observe(process.memoryUsage().rss));
  meter
    .createObservableGauge('nodejs_heap_used_bytes', {
      description: 'V8 heap in use',
    })
    .addCallback(r => r.observe(process.memoryUsage().heapUsed));
  meter
    .createObservableGauge('nodejs_eventloop_delay_p99_seconds', {
      description: 'Event loop delay, 99th percentile since the last scrape',
    })
    .addCallback(r => {
      r.observe(loopDelay.percentile(99) / 1e9);
      loopDelay.reset();
    });
  meter
    .createObservableGauge('process_start_time_seconds', {
      description: 'Start time of the process since the Unix epoch',
    })
    .addCallback(r =>
      r.observe(Math.round(Date.now() / 1000 - process.uptime())),
    );

  const shutdown = () => provider.shutdown().catch(() => {});
  process.once('beforeExit', shutdown);
}
