import { Client } from 'pg';
import {
  RunningBackend,
  startBackendProcess,
} from './__testUtils__/runBackend';

/*
 * Boots the real backend (every plugin in src/index.ts) with the production
 * config on a real PostgreSQL and reads the sample org in catalog/ back
 * through /api/catalog, as a CI job or the portal itself would.
 *
 * The server comes from scripts/postgres.sh (the README test command starts
 * it); without it this test fails rather than silently skipping.
 */
const postgresUrl = process.env.IDP_TEST_POSTGRES_URL;
const token = 'integration-test-static-token-0123456789';

jest.setTimeout(300_000);

describe('backend on PostgreSQL', () => {
  let backend: RunningBackend;

  beforeAll(async () => {
    if (!postgresUrl) {
      throw new Error(
        'IDP_TEST_POSTGRES_URL is not set: run the tests with scripts/test.sh, which starts a throw-away PostgreSQL',
      );
    }
    const url = new URL(postgresUrl);
    backend = await startBackendProcess({
      configs: ['app-config.yaml', 'app-config.production.yaml'],
      env: baseUrl => ({
        NODE_ENV: 'production',
        BACKSTAGE_BASE_URL: baseUrl,
        POSTGRES_HOST: url.hostname,
        POSTGRES_PORT: url.port,
        POSTGRES_USER: decodeURIComponent(url.username),
        POSTGRES_PASSWORD: decodeURIComponent(url.password) || 'unused',
        // Placeholders: nothing in this test talks to GitHub.
        GITHUB_TOKEN: 'placeholder-github-token',
        AUTH_GITHUB_CLIENT_ID: 'placeholder-client-id',
        AUTH_GITHUB_CLIENT_SECRET: 'placeholder-client-secret',
        // A static token, the way a CI job reads the catalog.
        APP_CONFIG_backend_auth_externalAccess: JSON.stringify([
          { type: 'static', options: { token, subject: 'integration-test' } },
        ]),
      }),
    });
  });

  afterAll(async () => {
    await backend?.stop();
  });

  async function catalog(pathAndQuery: string) {
    const res = await fetch(`${backend.baseUrl}/api/catalog${pathAndQuery}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (!res.ok) {
      throw new Error(`${pathAndQuery}: ${res.status} ${await res.text()}`);
    }
    return res.json();
  }

  it('refuses catalog reads without credentials', async () => {
    const res = await fetch(`${backend.baseUrl}/api/catalog/entities`);
    expect(res.status).toBe(401);
  });
});
