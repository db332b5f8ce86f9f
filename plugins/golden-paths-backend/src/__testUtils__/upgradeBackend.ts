import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { BackendFeature } from '@backstage/backend-plugin-api';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import catalogModuleAcmePlaceholders from '@internal/backstage-plugin-catalog-backend-module-acme-placeholders';
import { UpgradeResponse } from '@internal/backstage-plugin-golden-paths-common';
import crossplaneModule from '@internal/backstage-plugin-scaffolder-backend-module-crossplane';
import scaffolderModuleGoldenPaths from '@internal/backstage-plugin-scaffolder-backend-module-golden-paths';
import localGitFeatures from '@internal/backstage-plugin-scaffolder-backend-module-local-git';
import fs from 'node:fs/promises';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import goldenPathsPlugin from '../index';
import { git } from '../service/git';
import { copyTemplates, releaseVersion2, REPO_ROOT } from './templatesV2';

/** The golden paths the upgrade tests copy and release 2.0.0 of. */
export const UPGRADED_TEMPLATES = ['python-fastapi-service', 'go-service'];

/** Awaits a condition: `fn` answers undefined until it holds. */
export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 250));
  }
}

/** A git remote as a test's clones reach it: a path or a URL and its auth. */
export interface Remote {
  url: string;
  gitArgs?: string[];
}

/** A clone of a remote at `branch`, to read what the upgrade pushed. */
export async function checkout(tmp: string, remote: Remote, branch = 'main') {
  const dir = await fs.mkdtemp(path.join(tmp, 'checkout-'));
  await git([
    ...(remote.gitArgs ?? []),
    'clone',
    '--quiet',
    '--branch',
    branch,
    remote.url,
    dir,
  ]);
  return {
    dir,
    read: (file: string) => fs.readFile(path.join(dir, file), 'utf8'),
    exists: (file: string) =>
      fs.stat(path.join(dir, file)).then(
        () => true,
        () => false,
      ),
  };
}

/** What a service's team does after generation: commits and pushes to main. */
export async function teamEdits(
  tmp: string,
  remote: Remote,
  edits: Record<string, (text: string) => string>,
): Promise<string> {
  const repo = await checkout(tmp, remote);
  for (const [file, change] of Object.entries(edits)) {
    await fs.writeFile(
      path.join(repo.dir, file),
      change(await repo.read(file)),
    );
  }
  await git(['add', '--all'], repo.dir);
  await git(
    [
      '-c',
      'user.name=Team',
      '-c',
      'user.email=team@acme.example',
      'commit',
      '--quiet',
      '-m',
      'our changes',
    ],
    repo.dir,
  );
  await git(
    [...(remote.gitArgs ?? []), 'push', '--quiet', 'origin', 'main'],
    repo.dir,
  );
  return git(['rev-parse', 'HEAD'], repo.dir);
}

/**
 * A backend with the real scaffolder, catalog, golden-path record action
 * and the golden-paths plugin, serving copies of two golden paths at their
 * current version (the test releases 2.0.0 with `releaseVersion2`).
 */
export async function startUpgradeBackend(options: {
  owner: string;
  features?: BackendFeature[];
  config?: Record<string, unknown>;
}) {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'golden-paths-upgrade-'));
  const templatesDir = path.join(tmp, 'templates');
  const gitDir = path.join(tmp, 'git');
  await copyTemplates(templatesDir);
  const backend = await startTestBackend({
    features: [
      scaffolderPlugin,
      catalogPlugin,
      catalogModuleScaffolderEntityModel,
      catalogModuleAcmePlaceholders,
      localGitFeatures,
      crossplaneModule,
      scaffolderModuleGoldenPaths,
      goldenPathsPlugin,
      ...(options.features ?? []),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          scaffolder: { localGit: { baseDir: gitDir } },
          // versions are kept when the test says so
          goldenPaths: {
            captureSchedule: {
              frequency: { hours: 24 },
              timeout: { minutes: 5 },
              initialDelay: { hours: 24 },
            },
          },
          catalog: {
            rules: [
              {
                allow: [
                  'Component',
                  'System',
                  'Group',
                  'User',
                  'Location',
                  'Resource',
                  'API',
                ],
              },
            ],
            locations: [
              ...UPGRADED_TEMPLATES.map(name => ({
                type: 'file',
                target: path.join(templatesDir, `${name}.template.yaml`),
                rules: [{ allow: ['Template'] }],
              })),
              {
                type: 'file',
                target: path.join(REPO_ROOT, 'catalog/org/groups.yaml'),
              },
            ],
          },
          ...options.config,
        },
      }),
    ],
  });
  const baseUrl = `http://127.0.0.1:${
    (backend.server.address() as AddressInfo).port
  }`;

  const api = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`${baseUrl}${url}`, {
      method,
      headers: {
        authorization: mockCredentials.user.header(),
        'content-type': 'application/json',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };

  const entityServed = (ref: string, holds: (entity: any) => boolean) =>
    waitFor(ref, async () => {
      const [kind, rest] = ref.split(':');
      const res = await api(
        'GET',
        `/api/catalog/entities/by-name/${kind}/${rest}`,
      );
      return res.status === 200 && holds(res.body) ? true : undefined;
    });

  for (const name of UPGRADED_TEMPLATES) {
    await entityServed(`template:default/${name}`, () => true);
  }
  await entityServed(options.owner, () => true);

  return {
    tmp,
    gitDir,
    api,

    /** Runs a golden path to the end, as the New Service form does. */
    async generate(
      template: string,
      name: string,
      values: Record<string, unknown> = { publishTo: 'local' },
    ) {
      const submitted = await api('POST', '/api/scaffolder/v2/tasks', {
        templateRef: `template:default/${template}`,
        values: { name, owner: options.owner, ...values },
      });
      if (submitted.status !== 201) {
        throw new Error(`task not accepted: ${JSON.stringify(submitted)}`);
      }
      const task = await waitFor(`task of ${name}`, async () => {
        const res = await api(
          'GET',
          `/api/scaffolder/v2/tasks/${submitted.body.id}`,
        );
        return ['completed', 'failed'].includes(res.body?.status)
          ? res.body
          : undefined;
      });
      if (task.status !== 'completed') {
        const events = await api(
          'GET',
          `/api/scaffolder/v2/tasks/${submitted.body.id}/events`,
        );
        throw new Error(
          `task of ${name} ${task.status}: ${(events.body ?? [])
            .map((e: any) => e.body?.message)
            .filter(Boolean)
            .slice(-10)
            .join('\n')}`,
        );
      }
    },

    /** The platform team releases 2.0.0 of both golden paths. */
    async releaseVersion2(from: string) {
      await releaseVersion2(templatesDir, from);
      for (const name of UPGRADED_TEMPLATES) {
        await api('POST', '/api/catalog/refresh', {
          entityRef: `template:default/${name}`,
        });
        await entityServed(
          `template:default/${name}`,
          entity =>
            entity.metadata.annotations?.['acme.io/template-version'] ===
            '2.0.0',
        );
      }
    },

    /** Asks the portal for a service's upgrade; fails on any error answer. */
    async upgrade(name: string): Promise<UpgradeResponse> {
      const res = await api('POST', '/api/golden-paths/upgrades', {
        entityRef: `component:default/${name}`,
      });
      if (res.status !== 200) {
        throw new Error(
          `upgrade of ${name}: HTTP ${res.status} ${res.body?.error?.message}`,
        );
      }
      return res.body as UpgradeResponse;
    },

    async stop() {
      await backend.stop();
      await fs.rm(tmp, { recursive: true, force: true });
    },
  };
}
