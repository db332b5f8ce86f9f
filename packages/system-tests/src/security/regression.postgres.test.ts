import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, request as httpRequest, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_DENIED_CIDRS } from '@internal/backstage-plugin-backend-defaults-acme';
import { SecurityBackend, startSecurityBackend } from './__testUtils__/harness';
import { concretePath, crawlBackend } from './__testUtils__/routes';

/*
 * Security regression suite (issue 8 item 5), against the real backend
 * process with the production config (one process for the whole file):
 * unauthenticated surface, rate limiting, catalog rules for registered
 * locations, scaffolder path and expression escapes, secrets in task logs.
 * These mirror real Backstage advisories.
 */
jest.setTimeout(300_000);

/**
 * The reviewed allow-list: auth policies that let requests through without
 * a Backstage token, and why. The suite fails when the installed code adds
 * one that is not here.
 */
const REVIEWED_AUTH_POLICIES: Record<string, string> = {
  'auth / unauthenticated':
    'sign-in itself (start, handler/frame, refresh with the session cookie, logout), public signing keys (.well-known/jwks.json) and OIDC endpoints; each route authenticates on its own (e.g. userinfo needs a token, refresh needs the cookie + X-Requested-With)',
  'app / unauthenticated':
    'the frontend bundle and its frontend-visible config (served at / and /api/app)',
  'events /http unauthenticated':
    'webhook ingress; only topics with an ingress are served: github, which verifies X-Hub-Signature-256',
  'permission /health unauthenticated': 'liveness, no data',
  'notifications /health unauthenticated': 'liveness, no data',
  'signals /health unauthenticated': 'liveness, no data',
  'techdocs /static user-cookie':
    'doc pages for <img>/<link> loads: needs the signed-in user cookie, not anonymous',
  'devex-metrics (computed) unauthenticated':
    'deployment webhooks: /events/github verifies X-Hub-Signature-256 (503 while no secret is configured), /events/deployments needs the x-devex-token shared secret or a service token',
  'proxy (computed) unauthenticated':
    'only proxy endpoints configured with credentials: dangerously-allow-unauthenticated; none are configured',
};

/** Path prefixes (after /api) a request without credentials may pass. */
const OPEN_PREFIXES = [
  '/api/auth/',
  '/api/app/',
  '/api/events/http/',
  '/api/permission/health',
  '/api/notifications/health',
  '/api/signals/health',
  '/api/devex-metrics/events/',
];

/** A stand-in repository with one catalog-info.yaml on main. */
const catalogRepo = (name: string, catalogInfo: string) => ({
  name,
  defaultBranch: 'main',
  isArchived: false,
  isFork: false,
  visibility: 'PRIVATE' as const,
  topics: [],
  files: new Map([['catalog-info.yaml', catalogInfo]]),
});

const RATE_LIMIT = 600; // backend.rateLimit.incomingRequestLimit in app-config.production.yaml

describe('security regression suite', () => {
  let sec: SecurityBackend;
  let alice: string;
  let olga: string;
  const fixtureDir = mkdtempSync(path.join(os.tmpdir(), 'idp-sec-fixture-'));
  const apiKey = 'sk-live-4f1c9a7e2b8d-task-secret';
  const outsideFile = path.join(fixtureDir, 'outside-secret.txt');
  const OUTSIDE_CONTENT = 'OUTSIDE-THE-WORKSPACE-7d41';

  // "Internal" services: a metadata endpoint nobody allowed, and an allowed
  // host (backend.reading.allow) that redirects to it.
  const METADATA = 'INTERNAL-METADATA-aws-key-9f2c';
  let metadata: Server;
  let redirector: Server;
  // 127.0.0.4 plays the internal network: the test config denies it
  // (egressGuard.denyCidrs), as an operator would deny 10.0.0.0/8.
  const INTERNAL = '127.0.0.4';
  const listen = async (server: Server, host = '127.0.0.1') => {
    await new Promise<void>(r => server.listen(0, host, () => r()));
    return `http://${host}:${(server.address() as AddressInfo).port}`;
  };
  let metadataUrl = '';
  let redirectorUrl = '';

  beforeAll(async () => {
    metadata = createServer((_req, res) => res.end(METADATA));
    metadataUrl = await listen(metadata, INTERNAL);
    redirector = createServer((req, res) => {
      const to = req.url?.startsWith('/to-link-local')
        ? 'http://169.254.169.254/latest/meta-data/'
        : `${metadataUrl}/latest/meta-data/`;
      res.writeHead(302, { location: to });
      res.end();
    });
    redirectorUrl = await listen(redirector);
    // A template whose skeleton holds symlinks that point out of it.
    writeFileSync(outsideFile, `${OUTSIDE_CONTENT}\n`);
    const tpl = path.join(fixtureDir, 'symlink-template');
    mkdirSync(path.join(tpl, 'skeleton'), { recursive: true });
    writeFileSync(path.join(tpl, 'skeleton', 'README.md'), 'hello\n');
    symlinkSync(outsideFile, path.join(tpl, 'skeleton', 'leak.txt'));
    symlinkSync(fixtureDir, path.join(tpl, 'skeleton', 'leakdir'));
    writeFileSync(
      path.join(tpl, 'template.yaml'),
      JSON.stringify({
        apiVersion: 'scaffolder.backstage.io/v1beta3',
        kind: 'Template',
        metadata: { name: 'security-symlinks', title: 'symlink fixture' },
        spec: {
          owner: 'group:default/platform',
          type: 'service',
          parameters: [],
          steps: [
            {
              id: 'fetch',
              action: 'fetch:plain',
              input: { url: './skeleton' },
            },
            {
              id: 'list',
              action: 'debug:log',
              input: { listWorkspace: 'with-contents' },
            },
          ],
        },
      }),
    );
    writeFileSync(
      path.join(fixtureDir, 'secrets-template.yaml'),
      JSON.stringify({
        apiVersion: 'scaffolder.backstage.io/v1beta3',
        kind: 'Template',
        metadata: { name: 'security-secrets', title: 'secrets fixture' },
        spec: {
          owner: 'group:default/platform',
          type: 'service',
          parameters: [],
          steps: [
            {
              id: 'log-secret',
              action: 'debug:log',
              input: { message: 'key is ${{ secrets.apiKey }}' },
            },
            {
              // fails against the GitHub stand-in: error paths are logged too
              id: 'fetch-missing',
              action: 'fetch:plain',
              input: { url: '${{ parameters.url }}' },
            },
          ],
        },
      }),
    );
    // A repository archive (GitHub tarball) with symlink entries pointing
    // out of it: an absolute one and a relative one climbing up.
    const tree = path.join(fixtureDir, 'archive', 'acme-symlinks-abc123');
    mkdirSync(tree, { recursive: true });
    writeFileSync(path.join(tree, 'README.md'), 'archive\n');
    symlinkSync(outsideFile, path.join(tree, 'abs-leak.txt'));
    symlinkSync(
      path.relative(tree, outsideFile).replace(/^(\.\.\/)/, '../../../../../'),
      path.join(tree, 'rel-leak.txt'),
    );
    symlinkSync(fixtureDir, path.join(tree, 'dir-leak'));
    execFileSync('tar', [
      '-czf',
      path.join(fixtureDir, 'symlinks.tgz'),
      '-C',
      path.dirname(tree),
      path.basename(tree),
    ]);
    const tarball = readFileSync(path.join(fixtureDir, 'symlinks.tgz'));

    sec = await startSecurityBackend({
      name: 'secreg',
      extraConfig: {
        egressGuard: { denyCidrs: [...DEFAULT_DENIED_CIDRS, `${INTERNAL}/32`] },
        backend: {
          reading: { allow: [{ host: new URL(redirectorUrl).host }] },
        },
      },
      extraLocations: [
        {
          type: 'file',
          target: path.join(tpl, 'template.yaml'),
          rules: [{ allow: ['Template'] }],
        },
        {
          type: 'file',
          target: path.join(fixtureDir, 'secrets-template.yaml'),
          rules: [{ allow: ['Template'] }],
        },
      ],
      repos: [
        { ...catalogRepo('symlinks', ''), tarball },
        catalogRepo(
          'evil-good',
          'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: evil-control}\nspec: {type: service, lifecycle: experimental, owner: group:default/team-payments}\n',
        ),
        catalogRepo(
          'evil-user',
          'apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata: {name: evil-admin}\nspec: {memberOf: [platform-admins]}\n',
        ),
        catalogRepo(
          'evil-group',
          'apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: evil-group}\nspec: {type: team, children: []}\n',
        ),
        catalogRepo(
          'evil-template',
          'apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata: {name: evil-template}\nspec: {owner: group:default/platform, type: service, steps: []}\n',
        ),
      ],
    });
    await sec.waitForEntity('user:default/olga.outsider');
    await sec.waitForEntity('template:default/security-symlinks');
    await sec.waitForEntity('template:default/security-secrets');
    await sec.waitForEntity('user:default/alice.nguyen');
    alice = await sec.signIn('alice.nguyen');
    olga = await sec.signIn('olga.outsider');
  });

  afterAll(async () => {
    await sec?.stop();
    await new Promise(r => metadata?.close(r));
    await new Promise(r => redirector?.close(r));
    rmSync(fixtureDir, { recursive: true, force: true });
  });

  describe('unauthenticated surface', () => {
    const crawl = crawlBackend();

    it('has no auth policy that is not on the reviewed allow-list', () => {
      const found = crawl.authPolicies.map(
        p => `${p.pluginId} ${p.path} ${p.allow}`,
      );
      expect([...new Set(found)].sort()).toEqual(
        Object.keys(REVIEWED_AUTH_POLICIES).sort(),
      );
    });

    it('answers 401 without credentials on every crawled /api route outside the allow-list', async () => {
      expect(crawl.routes.length).toBeGreaterThan(80);
      const wrong: string[] = [];
      let checked = 0;
      for (const route of crawl.routes) {
        const url = concretePath(route.pluginId, route.path);
        if (OPEN_PREFIXES.some(p => `${url}/`.startsWith(p))) continue;
        const res = await sec.fetch(url, {
          method: route.method,
          ...(['POST', 'PUT', 'PATCH'].includes(route.method)
            ? { body: '{}' }
            : {}),
        });
        await res.arrayBuffer();
        checked++;
        if (res.status !== 401) {
          wrong.push(`${route.method} ${url} (${route.source}): ${res.status}`);
        }
      }
      // eslint-disable-next-line no-console
      console.log(
        `unauthenticated sweep: ${checked} routes of ${crawl.pluginIds.length} plugins answered 401`,
      );
      expect(wrong).toEqual([]);
    });

    it('keeps every plugin behind its credential barrier, also on paths nobody defined', async () => {
      for (const pluginId of crawl.pluginIds) {
        if (['auth', 'app'].includes(pluginId)) continue;
        for (const method of ['GET', 'POST', 'DELETE']) {
          const res = await sec.fetch(`/api/${pluginId}/no-such-route/x`, {
            method,
          });
          expect({ pluginId, method, status: res.status }).toEqual({
            pluginId,
            method,
            status: 401,
          });
        }
      }
    });

    it('keeps the allow-listed routes to what they are meant for', async () => {
      const jwks = await sec.fetch('/api/auth/.well-known/jwks.json');
      expect(jwks.status).toBe(200);
      const { keys } = await jwks.json();
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) expect(key.d).toBeUndefined(); // public parts only
      expect((await sec.fetch('/api/auth/v1/userinfo')).status).toBe(401);
      expect(
        (
          await sec.fetch('/api/auth/github/refresh?env=production', {
            headers: { 'X-Requested-With': 'XMLHttpRequest' },
          })
        ).status,
      ).toBe(401);
      // without X-Requested-With a cross-site form cannot refresh either
      expect(
        (await sec.fetch('/api/auth/github/refresh?env=production')).status,
      ).toBe(401);
      const unsigned = await sec.fetch('/api/events/http/github', {
        method: 'POST',
        headers: { 'X-GitHub-Event': 'push' },
        body: JSON.stringify({ ref: 'refs/heads/main' }),
      });
      expect(unsigned.status).toBe(403);
      const unknownTopic = await sec.fetch('/api/events/http/anything', {
        method: 'POST',
        body: '{}',
      });
      expect(unknownTopic.status).toBe(404);
      const deployments = await sec.fetch(
        '/api/devex-metrics/events/deployments',
        { method: 'POST', body: '{}' },
      );
      expect(deployments.status).toBe(401);
      const devexGithub = await sec.fetch('/api/devex-metrics/events/github', {
        method: 'POST',
        headers: { 'X-GitHub-Event': 'deployment_status' },
        body: '{}',
      });
      expect([401, 403, 503]).toContain(devexGithub.status);
      const techdocsStatic = await sec.fetch(
        '/api/techdocs/static/docs/default/component/payment-service/index.html',
      );
      expect(techdocsStatic.status).toBe(401);
    });
  });

  describe('rate limit (backend.rateLimit)', () => {
    /** A request from a given loopback source address (a distinct client). */
    function get(
      localAddress: string,
      headers: Record<string, string> = {},
    ): Promise<number> {
      const url = new URL(
        `${sec.backend.baseUrl}/api/catalog/entities?limit=1`,
      );
      return new Promise((resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port: url.port,
            path: `${url.pathname}${url.search}`,
            localAddress,
            headers,
          },
          res => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end();
      });
    }

    it('answers a burst from one client with 429 while another client is served', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < RATE_LIMIT + 20; i++) {
        // A different X-Forwarded-For each time: without backend.trustProxy
        // it must not give the client a fresh budget.
        statuses.push(
          await get('127.0.0.2', { 'X-Forwarded-For': `203.0.113.${i % 250}` }),
        );
      }
      const limited = statuses.filter(s => s === 429).length;
      expect(statuses.slice(0, RATE_LIMIT).every(s => s === 401)).toBe(true);
      expect(limited).toBe(20);
      // another client (another source address) is still served
      expect(await get('127.0.0.3')).toBe(401);
      // the local machine (health probes, sidecars) is exempt by default
      expect(await get('127.0.0.1')).toBe(401);
    });
  });

  describe('catalog rules for registered locations', () => {
    const fileUrl = (repo: string) =>
      `${sec.gh.url}/acme/${repo}/blob/main/catalog-info.yaml`;
    const register = (repo: string, token: string) =>
      sec.fetch('/api/catalog/locations', {
        method: 'POST',
        token,
        body: JSON.stringify({ type: 'url', target: fileUrl(repo) }),
      });

    it('lets only template runners and admins register locations', async () => {
      expect((await register('evil-good', olga)).status).toBe(403);
    });

    it('ingests an ordinary Component from a registered location (control)', async () => {
      expect((await register('evil-good', alice)).status).toBe(201);
      await sec.waitForEntity('component:default/evil-control', 90_000);
    });

    it.each([
      ['evil-user', 'user:default/evil-admin'],
      ['evil-group', 'group:default/evil-group'],
      ['evil-template', 'template:default/evil-template'],
    ])('refuses the entity in %s (%s)', async (repo, ref) => {
      expect((await register(repo, alice)).status).toBe(201);
      // The catalog logs the refusal when it processes the location...
      const deadline = Date.now() + 90_000;
      const refusal = () =>
        sec.backend
          .output()
          .split('\n')
          .find(
            l =>
              l.includes(`Entity ${ref} at url:${fileUrl(repo)}`) &&
              l.includes('is not of an allowed kind'),
          );
      while (!refusal() && Date.now() < deadline) {
        await new Promise(r => setTimeout(r, 1000));
      }
      expect(refusal()).toBeDefined();
      // ...and never serves the entity.
      const [kind, rest] = ref.split(':');
      const res = await sec.fetch(
        `/api/catalog/entities/by-name/${kind}/${rest}`,
        { token: sec.staticToken },
      );
      expect(res.status).toBe(404);
    });
  });

  describe('redirects to internal addresses (SSRF)', () => {
    /** Reads one URL through the backend's URL reader (fetch:plain:file, dry-run). */
    const readThroughBackend = async (url: string) => {
      const res = await sec.fetch('/api/scaffolder/v2/dry-run', {
        method: 'POST',
        token: alice,
        body: JSON.stringify({
          template: {
            apiVersion: 'scaffolder.backstage.io/v1beta3',
            kind: 'Template',
            metadata: { name: 'ssrf-probe' },
            spec: {
              owner: 'group:default/platform',
              type: 'service',
              steps: [
                {
                  id: 'read',
                  action: 'fetch:plain:file',
                  input: { url, targetPath: 'read.txt' },
                },
              ],
            },
          },
          values: {},
          directoryContents: [],
        }),
      });
      const text = await res.text();
      const body = text.startsWith('{') ? JSON.parse(text) : {};
      const files = (body.directoryContents ?? []).map(
        (f: { path: string; base64Content: string }) =>
          Buffer.from(f.base64Content, 'base64').toString(),
      );
      return { status: res.status, text, files: files.join('\n') };
    };

    it('refuses an allowed host (backend.reading.allow) redirecting to an address that is not allowed', async () => {
      const { text, files } = await readThroughBackend(
        `${redirectorUrl}/file.txt`,
      );
      expect(files).not.toContain(METADATA);
      expect(text).not.toContain(METADATA);
      expect(text).toMatch(/not allowed by backend\.reading\.allow/);
    });

    it('refuses a redirect to the link-local metadata address', async () => {
      const { text } = await readThroughBackend(
        `${redirectorUrl}/to-link-local/file.txt`,
      );
      expect(text).toMatch(
        /169\.254\.169\.254.*not allowed|not allowed.*169\.254\.169\.254/,
      );
    });

    it.each([
      ['an internal address', () => `${metadataUrl}/latest/meta-data/`],
      [
        'the link-local metadata address',
        () => 'http://169.254.169.254/latest/meta-data/',
      ],
    ])(
      'does not follow the GitHub host redirecting to %s (egress guard)',
      async (_what, location) => {
        sec.gh.clearFaults();
        sec.gh.inject(
          { kind: 'redirect', location: location() },
          r => r.path.startsWith('/api/v3/repos/acme/redirector/'),
          10,
        );
        const { text, files } = await readThroughBackend(
          `${sec.gh.url}/acme/redirector/blob/main/file.txt`,
        );
        expect(files).not.toContain(METADATA);
        expect(text).not.toContain(METADATA);
        expect(text).toMatch(/refused by the egress guard/);
      },
    );
  });

  describe('scaffolder', () => {
    const template = (steps: unknown[]) => ({
      apiVersion: 'scaffolder.backstage.io/v1beta3',
      kind: 'Template',
      metadata: { name: 'dry-run-probe' },
      spec: { owner: 'group:default/platform', type: 'service', steps },
    });
    const dryRun = async (
      steps: unknown[],
      directoryContents: { path: string; base64Content: string }[] = [],
    ) => {
      const res = await sec.fetch('/api/scaffolder/v2/dry-run', {
        method: 'POST',
        token: alice,
        body: JSON.stringify({
          template: template(steps),
          values: {},
          secrets: {},
          directoryContents,
        }),
      });
      return { status: res.status, text: await res.text() };
    };

    it.each([
      ['fetch:plain', { url: './', targetPath: '../escape' }],
      ['fetch:plain', { url: './', targetPath: '/tmp/idp-abs-escape' }],
      ['fetch:template', { url: './', targetPath: '../../escape' }],
      ['fetch:plain', { url: '../../../../../../../../etc' }],
      [
        'fetch:plain:file',
        { url: '../../../../../../../../etc/hostname', targetPath: 'x' },
      ],
      ['fetch:plain:file', { url: './a.txt', targetPath: '../../outside.txt' }],
    ])('refuses %s with %j', async (action, input) => {
      const { status, text } = await dryRun(
        [{ id: 'step', action, input }],
        [{ path: 'a.txt', base64Content: Buffer.from('a').toString('base64') }],
      );
      // Either the request is refused or the step fails; nothing is written.
      const failed =
        status >= 400 || /"status":"failed"|outside|not allowed/i.test(text);
      expect({ status, failed }).toEqual({ status, failed: true });
      expect(text).toMatch(
        /outside|not allowed|Relative path|absolute|not permitted/i,
      );
    });

    it('refuses directory contents whose paths leave the dry-run directory', async () => {
      const { status, text } = await dryRun(
        [{ id: 'log', action: 'debug:log', input: { listWorkspace: true } }],
        [
          {
            path: '../../../idp-dry-run-escape.txt',
            base64Content: Buffer.from('x').toString('base64'),
          },
        ],
      );
      expect(status).toBeGreaterThanOrEqual(400);
      expect(text).toMatch(/outside|not allowed|Relative path/i);
    });

    it.each([
      "${{ parameters.constructor.constructor('return process')() }}",
      "${{ ''.constructor.constructor('return process.env')() }}",
      "${{ (1).constructor.constructor('return process.env.GITHUB_TOKEN')() }}",
      "${{ range.constructor('return process.env')() }}",
      "${{ cycler.constructor('return global.process.mainModule')() }}",
      "${{ parameters.__proto__.constructor.constructor('return this')().process.env }}",
    ])('does not run or leak %s', async expression => {
      const { text } = await dryRun([
        {
          id: 'log',
          action: 'debug:log',
          input: { message: `x${expression}` },
        },
      ]);
      for (const value of Object.values(sec.secrets)) {
        expect(text).not.toContain(value);
      }
      expect(text).not.toMatch(
        /\[object process\]|POSTGRES_HOST|NODE_ENV|"argv"/,
      );
    });

    /** Runs a template as alice and returns its events once it completed. */
    async function runTask(
      templateRef: string,
      values: Record<string, string> = {},
      secrets: Record<string, string> = {},
    ) {
      const res = await sec.fetch('/api/scaffolder/v2/tasks', {
        method: 'POST',
        token: alice,
        body: JSON.stringify({ templateRef, values, secrets }),
      });
      expect(res.status).toBe(201);
      const { id } = await res.json();
      const deadline = Date.now() + 60_000;
      for (;;) {
        const task = await (
          await sec.fetch(`/api/scaffolder/v2/tasks/${id}`, { token: alice })
        ).json();
        if (['completed', 'failed', 'cancelled'].includes(task.status)) {
          const events = await (
            await sec.fetch(`/api/scaffolder/v2/tasks/${id}/events`, {
              token: alice,
            })
          ).text();
          return { status: task.status as string, events };
        }
        if (Date.now() > deadline)
          throw new Error(`task ${id} still ${task.status}`);
        await new Promise(r => setTimeout(r, 500));
      }
    }

    it('does not follow symlinks inside a repository archive (readTree of a GitHub tarball)', async () => {
      const { status, text } = await dryRun([
        {
          id: 'fetch',
          action: 'fetch:plain',
          input: { url: `${sec.gh.url}/acme/symlinks/tree/main` },
        },
      ]);
      const body =
        status === 200 ? JSON.parse(text) : { directoryContents: [] };
      const contents = (
        body.directoryContents as { path: string; base64Content: string }[]
      )
        .map(
          f =>
            `${f.path}: ${Buffer.from(f.base64Content, 'base64').toString()}`,
        )
        .join('\n');
      // eslint-disable-next-line no-console
      console.log(`archive with symlinks: ${status}\n${contents}`);
      expect(text).not.toContain(OUTSIDE_CONTENT);
      expect(contents).not.toContain(OUTSIDE_CONTENT);
      // the archive itself was read (control): its README arrived or the
      // read was refused as a whole
      expect(
        contents.includes('README.md: archive') ||
          /symlink|not allowed|outside/i.test(text),
      ).toBe(true);
    });

    it('does not follow skeleton symlinks out of the template directory', async () => {
      const { status, events } = await runTask(
        'template:default/security-symlinks',
      );
      expect(events).not.toContain(OUTSIDE_CONTENT);
      // eslint-disable-next-line no-console
      console.log(`symlink template task: ${status}`);
    });

    it('never writes configured or task secrets into task logs or the backend log', async () => {
      const { events } = await runTask(
        'template:default/security-secrets',
        // a repository the stand-in does not have: the GitHub reader's
        // error path (with the integration token) is logged too
        { url: `${sec.gh.url}/acme/missing/tree/main` },
        { apiKey },
      );
      // the whole message that carried the secret is redacted
      expect(events).toMatch(/"message":"[^"]*\*\*\*/);
      for (const value of [apiKey, ...Object.values(sec.secrets)]) {
        expect(events).not.toContain(value);
        expect(sec.backend.output()).not.toContain(value);
      }
    });
  });
});
