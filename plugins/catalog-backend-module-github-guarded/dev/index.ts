import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import { FakeGitHub, generateFakeGitHubOrg } from '@internal/test-fakes';

// The catalog with this module on its own, against the GitHub stand-in of
// @internal/test-fakes (30 repositories, 3 teams of 2), on SQLite in memory,
// every request allowed. `yarn start` in this folder, then for example:
//
//   curl http://localhost:7007/api/catalog/github-ingestion
//   curl -X POST 'http://localhost:7007/api/catalog/.backstage/scheduler/v1/tasks/github-provider%3Adefault%3Aguarded-refresh/trigger'
//   curl 'http://localhost:7007/api/catalog/entities/by-query?filter=kind=group'

const token = 'ghs_devStandInToken0123456789';

async function main() {
  const gh = await new FakeGitHub({
    org: generateFakeGitHubOrg({ repos: 30 }),
    token,
    // a little like the network
    latencyMs: 50,
  }).start();
  const env: Record<string, unknown> = {
    integrations_github: [{ host: gh.host, apiBaseUrl: gh.apiBaseUrl, token }],
    catalog_providers_github: {
      organization: gh.org.login,
      host: gh.host,
      catalogPath: '/catalog-info.yaml',
    },
    catalog_providers_githubOrg: { id: 'dev', githubUrl: gh.url },
  };
  for (const [key, value] of Object.entries(env)) {
    process.env[`APP_CONFIG_${key}`] = JSON.stringify(value);
  }

  const backend = createBackend();
  backend.add(mockServices.auth.factory());
  backend.add(mockServices.httpAuth.factory());
  backend.add(import('@backstage/plugin-catalog-backend'));
  backend.add(import('../src'));
  await backend.start();
}

main().catch(error => {
  // eslint-disable-next-line no-console
  console.error(error);
  process.exit(1);
});
