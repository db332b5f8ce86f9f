import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  approveInBrowser,
  LaptopPortal,
  startLaptopPortal,
} from './__testUtils__/laptopPortal';

/** The command as a person runs it: bin/idp in a child process. */
const BIN = path.resolve(__dirname, '../bin/idp');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function idp(
  args: string[],
  env: Record<string, string>,
  onStdout?: (text: string) => void,
): Promise<Run> {
  return new Promise(resolve => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', d => {
      stdout += d;
      onStdout?.(stdout);
    });
    child.stderr.on('data', d => (stderr += d));
    child.once('close', code => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

jest.setTimeout(240_000);

describe('idp against the laptop portal', () => {
  let portal: LaptopPortal;
  let configDir: string;
  let env: Record<string, string>;
  const credentialsFile = () => path.join(configDir, 'credentials.json');

  beforeAll(async () => {
    portal = await startLaptopPortal();
    configDir = path.join(
      await fs.mkdtemp(path.join(os.tmpdir(), 'idp-cli-home-')),
      'idp',
    );
    env = { IDP_CONFIG_DIR: configDir };
  });

  afterAll(async () => {
    await portal?.stop();
    if (configDir) {
      await fs.rm(path.dirname(configDir), { recursive: true, force: true });
    }
  });

  it('signs in through the browser flow and keeps the token for the person only', async () => {
    let approval:
      | Promise<{ consentPage: string; clientName: string }>
      | undefined;
    const run = await idp(
      ['login', '--portal', `${portal.baseUrl}/`, '--no-browser'],
      env,
      stdout => {
        const url = stdout.match(/(http\S+\/api\/auth\/v1\/authorize\S+)/)?.[1];
        if (url && !approval) {
          approval = approveInBrowser(portal.baseUrl, url);
        }
      },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const { consentPage, clientName } = await approval!;
    expect(consentPage).toMatch(
      new RegExp(`^${portal.baseUrl}/oauth2/authorize/[0-9a-f-]+$`),
    );
    expect(clientName).toBe('Backstage CLI');
    expect(run.stdout).toContain(
      `Signed in to ${portal.baseUrl} as user:development/guest.`,
    );
    const stat = await fs.stat(credentialsFile());
    expect(stat.mode & 0o777).toBe(0o600);
    expect((await fs.stat(configDir)).mode & 0o777).toBe(0o700);
    const stored = JSON.parse(await fs.readFile(credentialsFile(), 'utf8'));
    expect(stored).toMatchObject({
      portal: portal.baseUrl,
      user: 'user:development/guest',
    });
    // the stored token is the person's own Backstage token
    const whoami = await fetch(`${portal.baseUrl}/api/auth/v1/userinfo`, {
      headers: { authorization: `Bearer ${stored.accessToken}` },
    });
    expect(await whoami.json()).toMatchObject({
      claims: { sub: 'user:development/guest' },
    });
  });

  it('lists the golden paths with title, version and owner', async () => {
    // the catalog reads templates/ shortly after start, one file at a time:
    // wait until every template the repository ships is listed
    const templatesDir = path.resolve(__dirname, '../../../templates');
    const shipped = (await fs.readdir(templatesDir))
      .filter(file => file.endsWith('.template.yaml'))
      .map(file => file.replace('.template.yaml', ''));
    expect(shipped).toContain('go-service');
    const listed = (text: string) =>
      text.split('\n').map(line => line.split(/\s+/)[0]);
    const allListed = (text: string) =>
      shipped.every(name => listed(text).includes(name));
    let run: Run;
    const deadline = Date.now() + 120_000;
    do {
      run = await idp(['templates'], env);
    } while (!allListed(run.stdout) && Date.now() < deadline);
    expect(run.code).toBe(0);
    expect(listed(run.stdout)).toEqual(expect.arrayContaining(shipped));
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+TITLE\s+VERSION\s+OWNER$/);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^go-service\s+Go service\s+\d+\.\d+\.\d+\s+group:default\/platform$/,
      ),
    );
    expect(lines).toHaveLength(shipped.length + 1);
  });

  it('refuses invalid values before submitting anything', async () => {
    const tasksBefore = await taskCount();
    expect(tasksBefore).toEqual(expect.any(Number));
    const run = await idp(
      [
        'create-service',
        '--template=go-service',
        '--name=Bad_Name',
        '--set',
        'publishTo=ftp',
        '--set',
        'needPostgres=true',
      ],
      env,
    );
    expect(run.code).toBe(2);
    // "true" is the boolean the schema asks for, and the size that comes
    // with it has its default as in the form
    expect(run.stderr).not.toContain('needPostgres');
    expect(run.stderr).not.toContain('postgresSize');
    expect(run.stderr).toContain('Nothing was submitted');
    expect(run.stderr).toContain('--owner is required');
    // the template's own message for the name pattern
    expect(run.stderr).toContain(
      `--name "Bad_Name": Use lowercase letters, digits and '-' only`,
    );
    expect(run.stderr).toContain(
      '--set publishTo "ftp": must be one of local, github',
    );
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace

    const unknown = await idp(
      [
        'create-service',
        '--template=go-service',
        '--name=a',
        '--set',
        'colour=red',
      ],
      env,
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('The template has no parameter "colour"');
    expect(await taskCount()).toBe(tasksBefore);
  });

  let taskId: string;

  it('creates a service, following its steps, and prints its links', async () => {
    const run = await idp(
      [
        'create-service',
        '--template=go-service',
        '--name=orders-api',
        '--owner=group:default/team-checkout',
        '--set',
        'description=Order webhooks',
      ],
      env,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    taskId = run.stdout.match(/^Task (\S+): /m)![1];
    const stepLines = run.stdout.split('\n').filter(l => /^[▶✔✖-] /.test(l));
    expect(stepLines).toEqual(
      expect.arrayContaining([
        '▶ Validate',
        '✔ Validate',
        '✔ Publish to a local git repository',
        '- Publish to GitHub (skipped)',
        '✔ Wait for the catalog',
      ]),
    );
    // steps in the template's order, each started before it finished
    expect(stepLines.indexOf('▶ Validate')).toBeLessThan(
      stepLines.indexOf('✔ Validate'),
    );
    expect(stepLines.indexOf('✔ Validate')).toBeLessThan(
      stepLines.indexOf('✔ Wait for the catalog'),
    );
    // log lines of the steps, indented under them
    expect(run.stdout).toMatch(/^ {4}.*orders-api/m);
    expect(run.stdout).toContain(
      `Open in catalog: ${portal.baseUrl}/catalog/default/component/orders-api`,
    );
    const bare = path.join(portal.dir, 'git', 'repos', 'orders-api.git');
    expect(run.stdout).toContain(`git clone ${bare} orders-api`);
    await expect(fs.stat(path.join(bare, 'HEAD'))).resolves.toBeTruthy();

    const status = await idp(['status', taskId], env);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`Task ${taskId}: completed`);
    expect(status.stdout).toContain('✔ Wait for the catalog (completed)');
    expect(status.stdout).toContain('by user:development/guest');
  });

  it('ends with the failed step and its error (exit 1)', async () => {
    const run = await idp(
      [
        'create-service',
        '--template=go-service',
        '--name=ghost-api',
        '--owner=group:default/no-such-team',
        '--quiet',
      ],
      env,
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✖ Validate: failed');
    expect(run.stderr).toMatch(
      /^idp: Task \S+ failed at step "Validate": Cannot create service "ghost-api": Owner "group:default\/no-such-team" was not found in the catalog\.\n$/,
    );
  });

  it('tells the person to sign in again when the token is expired or not valid', async () => {
    const stored = JSON.parse(await fs.readFile(credentialsFile(), 'utf8'));
    try {
      await fs.writeFile(
        credentialsFile(),
        JSON.stringify({ ...stored, expiresAt: Date.now() - 1000 }),
      );
      const expired = await idp(['templates'], env);
      expect(expired).toMatchObject({
        code: 1,
        stderr: `idp: Your sign-in to ${portal.baseUrl} has expired: run \`idp login --portal ${portal.baseUrl}\`\n`,
      });

      // a token the portal does not accept: its 401
      await fs.writeFile(
        credentialsFile(),
        JSON.stringify({ ...stored, accessToken: `${stored.accessToken}x` }),
      );
      const invalid = await idp(['status', taskId], env);
      expect(invalid).toMatchObject({
        code: 1,
        stderr: `idp: Your sign-in to ${portal.baseUrl} has expired or is not valid: run \`idp login --portal ${portal.baseUrl}\`\n`,
      });
    } finally {
      await fs.writeFile(credentialsFile(), JSON.stringify(stored));
    }
  });

  it('says in one line when the portal cannot be reached or fails', async () => {
    const stored = JSON.parse(await fs.readFile(credentialsFile(), 'utf8'));
    // a real server that answers like a portal in trouble
    let answer = { status: 503, headers: {}, body: '' };
    const server = http.createServer((_req, res) => {
      res.writeHead(answer.status, {
        'content-type': 'application/json',
        ...answer.headers,
      });
      res.end(answer.body);
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    const troubled = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }`;
    const otherEnv = { IDP_CONFIG_DIR: path.join(configDir, 'other') };
    await fs.mkdir(otherEnv.IDP_CONFIG_DIR);
    await fs.writeFile(
      path.join(otherEnv.IDP_CONFIG_DIR, 'credentials.json'),
      JSON.stringify({ ...stored, portal: troubled }),
    );
    try {
      answer = {
        status: 503,
        headers: {},
        body: JSON.stringify({ error: { message: 'database is down' } }),
      };
      expect(await idp(['templates'], otherEnv)).toMatchObject({
        code: 1,
        stderr:
          'idp: The portal failed to answer (503 Service Unavailable): database is down; try again later\n',
      });
      answer = { status: 429, headers: { 'retry-after': '30' }, body: '{}' };
      expect((await idp(['templates'], otherEnv)).stderr).toBe(
        'idp: The portal is limiting requests (429 Too Many Requests); try again in 30 seconds\n',
      );
      answer = {
        status: 403,
        headers: {},
        body: JSON.stringify({
          error: { message: 'You are not allowed to run templates' },
        }),
      };
      expect((await idp(['status', 'x'], otherEnv)).stderr).toBe(
        'idp: The portal refused this (403 Forbidden): You are not allowed to run templates\n',
      );
    } finally {
      await new Promise(r => server.close(r));
    }
    // nothing listens there any more
    const unreachable = await idp(['login', '--portal', troubled], otherEnv);
    expect(unreachable).toMatchObject({
      code: 1,
      stderr: `idp: Cannot reach the portal at ${troubled} (ECONNREFUSED)\n`,
    });
  });

  it('signs out', async () => {
    const run = await idp(['logout'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Signed out of ${portal.baseUrl}`);
    await expect(fs.stat(credentialsFile())).rejects.toThrow('ENOENT');
    const after = await idp(['templates'], env);
    expect(after.stderr).toBe(
      'idp: You are not signed in to a portal: run `idp login --portal <url>`\n',
    );
  });

  async function taskCount(): Promise<number> {
    const { accessToken } = JSON.parse(
      await fs.readFile(credentialsFile(), 'utf8'),
    );
    const res = await fetch(`${portal.baseUrl}/api/scaffolder/v2/tasks`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    return (await res.json()).totalTasks;
  }
});
