import { Entity } from '@backstage/catalog-model';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { UrlReaderService } from '@backstage/backend-plugin-api';
import { findCiWorkflows, repositoryLocation } from './readinessEvidence';

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
