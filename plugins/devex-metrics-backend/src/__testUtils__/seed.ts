import { Entity } from '@backstage/catalog-model';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SeededTask } from './fakeScaffolder';

/**
 * A small organisation with known answers (see plugin.test.ts for the
 * figures each part must produce).
 */
export function seedCatalog(): { entities: Entity[]; docsDir: string } {
  // svc-d keeps its runbook only as a TechDocs page next to its catalog file
  const docsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'devex-seed-'));
  fs.mkdirSync(path.join(docsDir, 'svc-d', 'docs'), { recursive: true });
  fs.writeFileSync(
    path.join(docsDir, 'svc-d', 'docs', 'runbook.md'),
    '# Runbook\n',
  );
  fs.writeFileSync(path.join(docsDir, 'svc-d', 'catalog-info.yaml'), '');

  const component = (
    name: string,
    annotations: Record<string, string>,
    spec: Record<string, unknown>,
    links: Entity['metadata']['links'] = [],
  ): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations, links },
    spec: { type: 'service', ...spec },
  });
  const template = (name: string, title: string, version: string): Entity => ({
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: {
      name,
      namespace: 'default',
      title,
      annotations: { 'acme.io/template-version': version },
    },
    spec: { type: 'service', steps: [] },
  });
  const location = (name: string, targets: string[], type = 'url'): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Location',
    metadata: { name, namespace: 'default' },
    spec: { type, targets },
  });

  const entities: Entity[] = [
    // gold: every check passes (on 2.0.0 of the template's 2.1.0)
    component(
      'svc-a',
      {
        'backstage.io/source-template':
          'template:default/typescript-node-service',
        'acme.io/template-version': '2.0.0',
        'github.com/project-slug': 'acme/svc-a',
        'backstage.io/techdocs-ref': 'dir:.',
        'pagerduty.com/service-id': 'PD1',
        'grafana/dashboard-selector': "tags @> 'svc-a'",
      },
      { owner: 'group:default/team-a', lifecycle: 'production' },
      [{ url: 'https://example.com/runbook', type: 'runbook' }],
    ),
    // bronze: owner + lifecycle, no TechDocs; on the latest Go service
    component(
      'svc-b',
      {
        'backstage.io/source-template': 'go-service',
        'acme.io/template-version': '1.3.0',
        'github.com/project-slug': 'Acme/svc-b',
      },
      { owner: 'team-a', lifecycle: 'production' },
    ),
    // none: owned by a user
    component(
      'svc-c',
      { 'github.com/project-slug': 'acme/svc-c' },
      { owner: 'user:default/bob', lifecycle: 'production' },
    ),
    // silver: runbook found in its docs/ folder, no on-call
    component(
      'svc-d',
      {
        'github.com/project-slug': 'acme/svc-d',
        'backstage.io/techdocs-ref': 'dir:.',
        'backstage.io/managed-by-location': `file:${path.join(
          docsDir,
          'svc-d',
          'catalog-info.yaml',
        )}`,
      },
      { owner: 'group:default/team-d', lifecycle: 'experimental' },
    ),
    // bronze, from a template, not deployed yet, no repository annotation,
    // a major version behind its template
    component(
      'svc-e',
      {
        'backstage.io/source-template':
          'template:default/typescript-node-service',
        'acme.io/template-version': '1.3.0',
      },
      { owner: 'group:default/team-a', lifecycle: 'experimental' },
    ),
    location('github-discovery', [
      'https://github.com/acme/svc-a/blob/main/catalog-info.yaml',
      'https://github.com/acme/legacy-1/blob/main/catalog-info.yaml',
      'https://github.com/acme/legacy-2/blob/main/catalog-info.yaml',
    ]),
    location('laptop', ['../../catalog/all.yaml'], 'file'),
    // a golden path nobody ran yet: listed with zero executions
    {
      apiVersion: 'scaffolder.backstage.io/v1beta3',
      kind: 'Template',
      metadata: { name: 'frontend-app', namespace: 'default' },
      spec: { type: 'website', steps: [] },
    },
    // the golden paths' current versions
    template('typescript-node-service', 'TypeScript Node.js service', '2.1.0'),
    template('go-service', 'Go service', '1.3.0'),
  ];
  return { entities, docsDir };
}

const ts = 'template:default/typescript-node-service';
const go = 'template:default/go-service';
const py = 'template:default/python-fastapi-service';

export const seededTasks: SeededTask[] = [
  {
    id: 't1',
    status: 'completed',
    createdAt: '2026-11-01T10:00:00.000Z',
    template: ts,
    name: 'svc-a',
  },
  {
    id: 't2',
    status: 'completed',
    createdAt: '2026-11-02T00:00:00.000Z',
    template: go,
    name: 'svc-b',
  },
  {
    id: 't3',
    status: 'completed',
    createdAt: '2026-11-03T00:00:00.000Z',
    template: ts,
    name: 'svc-e',
  },
  {
    id: 't4',
    status: 'failed',
    createdAt: '2026-11-03T01:00:00.000Z',
    template: ts,
    name: 'broken',
  },
  {
    id: 't5',
    status: 'cancelled',
    createdAt: '2026-11-03T02:00:00.000Z',
    template: go,
    name: 'x',
  },
  {
    id: 't6',
    status: 'failed',
    createdAt: '2026-11-03T03:00:00.000Z',
    template: py,
    name: 'y',
  },
  {
    id: 't7',
    status: 'processing',
    createdAt: '2026-11-03T04:00:00.000Z',
    template: ts,
    name: 'z',
  },
];
