import { Entity } from '@backstage/catalog-model';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { UrlReaderService } from '@backstage/backend-plugin-api';
import {
  collectEvidence,
  findCiWorkflows,
  PAGERDUTY_NOT_CONFIGURED,
  repositoryLocation,
} from './readinessEvidence';

// Only `file` locations are read here; `url` ones go through the backend's
// UrlReader (exercised end to end by the golden-path test of
// scaffolder-backend-module-local-git).
const noUrlReader = {} as UrlReaderService;

describe('CI found in the repository', () => {
  const repo = createMockDirectory();
  beforeEach(() => repo.clear());

  const entity = (annotations: Record<string, string>): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'orders-api', annotations },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  });
  const fromFile = () =>
    entity({
      'backstage.io/managed-by-location': `file:${repo.resolve(
        'catalog-info.yaml',
      )}`,
    });

  it('passes with a workflow in .github/workflows next to the catalog file', async () => {
    repo.setContent({
      'catalog-info.yaml': '',
      '.github/workflows/ci.yaml': 'on: push',
    });
    expect(await findCiWorkflows(fromFile(), noUrlReader)).toEqual({
      passed: true,
    });
  });

  it('fails naming the folder when there is no workflow', async () => {
    repo.setContent({ 'catalog-info.yaml': '', '.github/CODEOWNERS': '' });
    expect(await findCiWorkflows(fromFile(), noUrlReader)).toEqual({
      passed: false,
      reason: `No workflow in .github/workflows of ${repo.path}`,
    });
  });

  it('prefers the source location and ends url targets with a slash', () => {
    expect(
      repositoryLocation(
        entity({
          'backstage.io/source-location':
            'url:https://github.com/acme/orders-api/tree/main',
          'backstage.io/managed-by-location':
            'url:https://github.com/acme/orders-api/blob/main/catalog-info.yaml',
        }),
      ),
    ).toEqual({
      type: 'url',
      target: 'https://github.com/acme/orders-api/tree/main/',
    });
    expect(
      repositoryLocation(
        entity({
          'backstage.io/managed-by-location':
            'url:file:///srv/git/checkouts/orders-api/catalog-info.yaml',
        }),
      ),
    ).toEqual({ type: 'url', target: 'file:///srv/git/checkouts/orders-api/' });
  });
});

describe('on-call evidence', () => {
  const components = (n: number): Entity[] =>
    Array.from({ length: n }, (_, i) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: `svc-${i}`,
        // a CI annotation: no repository to read
        annotations: { 'github.com/project-slug': `acme/svc-${i}` },
      },
      spec: {
        type: 'service',
        owner: `team-${i % 3}`,
        lifecycle: 'production',
      },
    }));

  it('stops asking the pagerduty plugin once it says PagerDuty is not configured', async () => {
    const asked: string[] = [];
    const evidence = await collectEvidence(components(100), {
      urlReader: noUrlReader,
      onCall: {
        check: async e => {
          asked.push(e.metadata.name);
          return PAGERDUTY_NOT_CONFIGURED;
        },
      },
    });
    expect(evidence.size).toBe(100);
    expect(
      [...evidence.values()].every(
        v => v.onCall?.reason === 'PagerDuty is not configured',
      ),
    ).toBe(true);
    // the four workers' first requests, then none
    expect(asked.length).toBeLessThanOrEqual(4);
  });

  it('asks for every entity while PagerDuty answers per service', async () => {
    const asked: string[] = [];
    const evidence = await collectEvidence(components(20), {
      urlReader: noUrlReader,
      onCall: {
        check: async e => {
          asked.push(e.metadata.name);
          return e.spec?.owner === 'team-0'
            ? { passed: true }
            : {
                passed: false,
                reason: `No PagerDuty service for it or its team`,
              };
        },
      },
    });
    expect(asked).toHaveLength(20);
    expect(evidence.get('component:default/svc-0')?.onCall).toEqual({
      passed: true,
    });
    expect(evidence.get('component:default/svc-1')?.onCall?.passed).toBe(false);
  });
});
