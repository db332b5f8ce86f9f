import { generateKeyPairSync } from 'node:crypto';
import {
  dropTestDatabases,
  productionEnv,
  RunningBackend,
  startBackendProcess,
  waitFor,
} from '../__testUtils__/runBackend';
import { FakeGitHub, generateFakeGitHubOrg } from '@internal/test-fakes';

/*
 * GitHub App credentials from the environment (app-config.github-app.yaml
 * layered over the production config): the real backend signs an app JWT,
 * gets an installation token from the stand-in and discovers the org's
 * repositories and members with it.
 */
const postgresUrl = process.env.IDP_TEST_POSTGRES_URL;
const token = 'github-app-test-static-token-0123456789';
const installationToken = 'ghs_installationTokenFromTheApp0123456789';
const prefix = `ghapp${Date.now().toString(36)}_`;
const APP_ID = 123456;

jest.setTimeout(180_000);

describe('catalog from GitHub with GitHub App credentials', () => {
  let backend: RunningBackend;
  let gh: FakeGitHub;

  beforeAll(async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
    });
    gh = await new FakeGitHub({
      org: generateFakeGitHubOrg({ repos: 6, teams: 2, usersPerTeam: 2 }),
      token: installationToken,
      app: {
        appId: APP_ID,
        publicKeyPem: publicKey.export({
          type: 'spki',
          format: 'pem',
        }) as string,
      },
    }).start();
    const { GITHUB_TOKEN: _noToken, ...githubEnv } = gh.backendEnv({
      webhookSecret: 'app-webhook-secret',
    });
    backend = await startBackendProcess({
      configs: [
        'app-config.yaml',
        'app-config.production.yaml',
        'app-config.github-app.yaml',
      ],
      env: baseUrl => ({
        ...productionEnv({ baseUrl, staticToken: token }),
        APP_CONFIG_backend_database_prefix: prefix,
        ...githubEnv,
        GITHUB_TOKEN: '',
        GITHUB_APP_ID: String(APP_ID),
        GITHUB_APP_CLIENT_ID: 'Iv1.appclientid',
        GITHUB_APP_CLIENT_SECRET: 'app-client-secret',
        GITHUB_APP_PRIVATE_KEY: privateKey.export({
          type: 'pkcs8',
          format: 'pem',
        }) as string,
      }),
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await gh?.stop();
    if (postgresUrl) {
      await dropTestDatabases(prefix, new URL(postgresUrl));
    }
  });

  const get = async (path: string) => {
    const res = await fetch(`${backend.baseUrl}/api/catalog${path}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    return res.ok ? res.json() : undefined;
  };

  it('discovers repositories and members with an installation token', async () => {
    const component = await waitFor(
      backend,
      'a discovered component',
      () => get('/entities/by-name/component/default/service-0001'),
      { timeoutMs: 120_000 },
    );
    expect(
      component.metadata.annotations['backstage.io/managed-by-location'],
    ).toBe(
      `url:${gh.url}/${gh.org.login}/service-0001/tree/main/catalog-info.yaml`,
    );
    const team = gh.org.teams[0];
    const group = await waitFor(
      backend,
      'a team as a Group',
      () => get(`/entities/by-name/group/default/${team.slug}`),
      { timeoutMs: 120_000 },
    );
    expect(group.spec.members).toEqual(
      team.members.map(login => `default/${login}`),
    );

    // Every GitHub call after the token exchange carried the installation
    // token (the stand-in answers anything else with 401), and the token came
    // from a JWT the stand-in verified.
    expect(gh.app!.tokensIssued).toBeGreaterThanOrEqual(1);
    expect(gh.app!.jwtRejected).toBe(0);
    const unauthorized = gh.requests.filter(r => r.status === 401);
    expect(unauthorized).toEqual([]);
  });
});
