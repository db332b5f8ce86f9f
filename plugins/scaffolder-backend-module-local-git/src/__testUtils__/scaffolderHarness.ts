import type { BackendFeature } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import fs from 'node:fs/promises';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import crossplaneModule from '@internal/backstage-plugin-scaffolder-backend-module-crossplane';
import crossplaneBackend from '@internal/backstage-plugin-crossplane-backend';
import devexMetricsBackend from '@internal/backstage-plugin-devex-metrics-backend';
import { metricsServiceFactory } from '@backstage/backend-defaults/alpha';
import catalogModuleAcmePlaceholders from '@internal/backstage-plugin-catalog-backend-module-acme-placeholders';
import localGitFeatures from '../index';
import scaffolderModuleGoldenPaths from '@internal/backstage-plugin-scaffolder-backend-module-golden-paths';
import { fakePagerDutyPlugin } from '@internal/test-fakes';
import { REPO_ROOT, TEMPLATES_LOCATION } from './goldenPathFiles';

export type TaskResult = {
  id: string;
  status: string;
  error?: string;
  output?: Record<string, any>;
};

/**
 * A real backend with the scaffolder, the catalog (reading templates/ and the
 * org from catalog/) and this package, serving HTTP on a free port.
 */
export async function startScaffolderBackend(
  options: {
    /** More features or service factories (e.g. the real scheduler). */
    features?: BackendFeature[];
    /** Template files to register besides templates/. */
    templateFiles?: string[];
    /** More top-level configuration, e.g. `integrations`. */
    config?: Record<string, unknown>;
  } = {},
) {
  const gitDir = await fs.mkdtemp(path.join(os.tmpdir(), 'idp-local-git-'));
  // The owning team's default PagerDuty service (what the pagerduty plugin
  // resolves for entities without their own pagerduty.com/service-id).
  const pagerDuty = fakePagerDutyPlugin(
    { 'group:default/team-checkout': { id: 'PCHECKOUT', name: 'Checkout' } },
    { readCatalog: true },
  );
  const backend = await startTestBackend({
    features: [
      scaffolderPlugin,
      catalogPlugin,
      catalogModuleScaffolderEntityModel,
      // `$portal` runbook links in the golden paths' catalog-info.yaml
      catalogModuleAcmePlaceholders,
      localGitFeatures,
      // acme:golden-path:record, the last step before publishing
      scaffolderModuleGoldenPaths,
      // The FastAPI golden path's "Need Postgres?" renders a Crossplane claim.
      crossplaneModule,
      // The portal's own view of the new service: its readiness scorecard
      // (with the PagerDuty stand-in) and its Crossplane claims.
      devexMetricsBackend,
      metricsServiceFactory,
      pagerDuty.plugin,
      crossplaneBackend,
      ...(options.features ?? []),
      mockServices.rootConfig.factory({
        data: {
          ...options.config,
          app: { baseUrl: 'http://localhost:3000' },
          // scorecards are asked for; no scheduled computation in tests
          devexMetrics: {
            schedule: {
              frequency: { hours: 24 },
              timeout: { minutes: 5 },
              initialDelay: { hours: 24 },
            },
          },
          scaffolder: { localGit: { baseDir: gitDir } },
          catalog: {
            rules: [
              {
                allow: [
                  'Component',
                  'System',
                  'API',
                  'Resource',
                  'Location',
                  'Domain',
                  'Group',
                  'User',
                ],
              },
            ],
            locations: [
              ...[TEMPLATES_LOCATION, ...(options.templateFiles ?? [])].map(
                target => ({
                  type: 'file',
                  target,
                  rules: [{ allow: ['Template', 'Location'] }],
                }),
              ),
              {
                type: 'file',
                target: path.join(REPO_ROOT, 'catalog/org/groups.yaml'),
              },
              {
                type: 'file',
                target: path.join(
                  REPO_ROOT,
                  'catalog/systems/developer-platform.yaml',
                ),
              },
            ],
          },
        },
      }),
    ],
  });
  const { port } = backend.server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const auth = { authorization: mockCredentials.user.header() };

  const api = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`${baseUrl}${url}`, {
      method,
      headers: { ...auth, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };

  const waitFor = async <T>(
    what: string,
    fn: () => Promise<T | undefined>,
    timeoutMs = 60_000,
  ): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await fn();
      if (value !== undefined) return value;
      if (Date.now() > deadline)
        throw new Error(`Timed out waiting for ${what}`);
      await new Promise(r => setTimeout(r, 250));
    }
  };

  const getEntity = async (ref: string) => {
    const [kind, rest] = ref.split(':');
    const [namespace, name] = rest.split('/');
    const res = await api(
      'GET',
      `/api/catalog/entities/by-name/${kind}/${namespace}/${name}`,
    );
    return res.status === 200 ? res.body : undefined;
  };

  /** Submits a task; returns the HTTP answer (400 for invalid parameters). */
  const submit = (templateName: string, values: Record<string, unknown>) =>
    api('POST', '/api/scaffolder/v2/tasks', {
      templateRef: `template:default/${templateName}`,
      values,
    });

  const waitForTask = (id: string, timeoutMs = 120_000) =>
    waitFor<TaskResult>(
      `task ${id}`,
      async () => {
        const res = await api('GET', `/api/scaffolder/v2/tasks/${id}`);
        if (!['completed', 'failed', 'cancelled'].includes(res.body?.status)) {
          return undefined;
        }
        const events = await api(
          'GET',
          `/api/scaffolder/v2/tasks/${id}/events`,
        );
        const error = (events.body as any[])
          .map(e => e.body?.error?.message)
          .find(Boolean);
        const output = (events.body as any[]).find(e => e.type === 'completion')
          ?.body?.output;
        return { id, status: res.body.status, error, output };
      },
      timeoutMs,
    );

  return {
    backend,
    baseUrl,
    gitDir,
    pagerDuty: pagerDuty.state,
    api,
    waitFor,
    getEntity,
    submit,
    waitForTask,
    async stop() {
      await backend.stop();
      await fs.rm(gitDir, { recursive: true, force: true });
    },
  };
}

export type ScaffolderHarness = Awaited<
  ReturnType<typeof startScaffolderBackend>
>;
