/*
 * The production container files (Dockerfile, docker-compose.yml, .env.example,
 * .dockerignore) must agree with the config the container runs
 * (app-config.production.yaml over app-config.yaml). There is no Docker engine
 * in CI, so this test cross-checks the files instead of building the image.
 *
 * Each check yields the problems it finds: none for the real files, and the
 * expected one for a few deliberately broken copies, so none passes vacuously.
 */
import fs from 'fs';
import path, { posix } from 'path';
import { parse as parseYaml } from 'yaml';
import * as docker from './dockerfile';

type Json = any;

/** Prometheus exporter port, packages/backend/src/instrumentation.js. */
const METRICS_PORT = 9464;
const root = path.resolve(__dirname, '../../../..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
const exists = (file: string) => fs.existsSync(path.join(root, file));
const isDirectory = (file: string) =>
  exists(file) && fs.statSync(path.join(root, file)).isDirectory();

const PROD = 'app-config.production.yaml';
const COMPOSE = 'docker-compose.yml';
const FILES = ['Dockerfile', COMPOSE, '.env.example', '.dockerignore', PROD];

function load(texts: Record<string, string>) {
  return {
    texts, // as committed, for the secret scan
    stages: docker.parse(texts.Dockerfile),
    compose: parseYaml(texts[COMPOSE]),
    prod: parseYaml(texts[PROD]),
    envExample: Object.fromEntries(
      [...texts['.env.example'].matchAll(/^(\w+)=(.*)$/gm)].map(m => [
        m[1],
        m[2],
      ]),
    ) as Record<string, string>,
    dockerignore: texts['.dockerignore'].match(/^[^#\s]\S*/gm) ?? [],
    enginesNode: String(JSON.parse(read('package.json')).engines?.node),
  };
}

type Files = ReturnType<typeof load>;

/** Every string or number in a YAML document, keyed by its dotted path. */
function leaves(value: Json, at = ''): Array<[string, string]> {
  if (typeof value === 'string' || typeof value === 'number') {
    return [[at, String(value)]];
  }
  return Object.entries(value ?? {}).flatMap(([k, v]) =>
    leaves(v, at ? `${at}.${k}` : k),
  );
}

const getPath = (obj: Json, dotted: string): Json =>
  dotted.split('.').reduce((o, k) => o?.[k], obj);

const isObject = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v);

/** Backstage's precedence: later files win, objects merge, arrays are replaced. */
function merge(a: Json, b: Json): Json {
  if (!isObject(a) || !isObject(b)) return b ?? a;
  const out: Json = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = merge(a[k], v);
  return out;
}

/** No problem when equal, else one naming what differs. */
function mismatch(what: string, actual: unknown, expected: unknown): string[] {
  const [a, e] = [JSON.stringify(actual), JSON.stringify(expected)];
  return a === e ? [] : [`${what}: is ${a}, expected ${e}`];
}

/** A compose service's environment, as strings (compose accepts numbers). */
function serviceEnv(service: Json): Record<string, string> {
  const env = { ...service?.environment };
  for (const key of Object.keys(env)) env[key] = `${env[key] ?? ''}`;
  return env;
}

const backstage = (f: Files): Json => f.compose.services?.backstage ?? {};

/** The compose service running postgres, found by its image. */
const postgres = (f: Files): [string, Json] =>
  Object.entries<Json>(f.compose.services ?? {}).find(([, s]) =>
    /^postgres(:|@|$)/.test(s.image),
  ) ?? ['(no postgres service)', {}];

/** The first variable a compose value reads (`$${...}` is escaped). */
const composeVar = (value = '') => /(?<!\$)\$\{(\w+)/.exec(value)?.[1];

const finalStage = (f: Files) => f.stages[f.stages.length - 1];

/** The `--config` files of the final CMD, as paths in the image. */
function cmdConfigs(f: Files): string[] {
  const stage = finalStage(f);
  const dir = docker.workdir(stage);
  const cmd = docker.words(docker.argsOf(stage, 'CMD').pop() ?? '[]');
  return cmd.flatMap((w, i) =>
    w === '--config' ? [posix.resolve(dir, cmd[i + 1])] : [],
  );
}

/** The repo file the final stage puts at imagePath (the last COPY wins). */
function copiedFrom(f: Files, imagePath: string): string | undefined {
  let found: string | undefined;
  const copies = docker.contextCopies(finalStage(f));
  for (const { sources, dest, destIsDir } of copies) {
    for (const source of sources) {
      const target =
        destIsDir && !isDirectory(source)
          ? posix.join(dest, posix.basename(source))
          : dest;
      if (imagePath === target || imagePath.startsWith(`${target}/`)) {
        found = posix.join(source, imagePath.slice(target.length));
      }
    }
  }
  return found && exists(found) ? found : undefined;
}

/** The config files the container loads, in CMD order. */
const loadedConfigs = (f: Files): Array<{ file: string; config: Json }> =>
  cmdConfigs(f).flatMap(imagePath => {
    const file = copiedFrom(f, imagePath);
    if (!file) return [];
    return [{ file, config: file === PROD ? f.prod : parseYaml(read(file)) }];
  });

const containerConfig = (f: Files): Json =>
  loadedConfigs(f).reduce((config, c) => merge(config, c.config), {});

/**
 * Whether engines.node admits a Node major, judged per major: "22 || 24",
 * ">=20", "^22.12" work; anything else (e.g. "<23") fails, to be added here.
 */
function allowsMajor(range: string, major: number): boolean {
  return range.split('||').some(alternative =>
    (alternative.match(/\S+/g) ?? []).every(comparator => {
      const [, op, n] = /^(>=|[=^~]?)v?(\d+)/.exec(comparator) ?? [];
      return op === '>=' ? major >= Number(n) : major === Number(n);
    }),
  );
}

// A token in any form is a leak, whatever key it sits under.
const TOKEN_PATTERNS: Array<[RegExp, string]> = [
  [/\bgh[pousr]_[A-Za-z0-9]{20,}/, 'a GitHub token'],
  [/\bgithub_pat_\w{20,}/, 'a GitHub fine-grained token'],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'a PEM private key'],
  [/\bAKIA[0-9A-Z]{16}\b/, 'an AWS access key id'],
];

/** Keys whose value is a credential: password, clientSecret, GITHUB_TOKEN, ... */
const isSecretKey = (key = '') =>
  /(password|secret|token|private_?key|api_?key)$/i.test(key);

// Checks: each yields what is wrong, naming the file and the value.

function* checkEnv(f: Files): Iterable<string> {
  const env = serviceEnv(backstage(f));
  const effective = containerConfig(f);
  for (const { file, config } of loadedConfigs(f)) {
    for (const [at, value] of leaves(config)) {
      if (`${getPath(effective, at)}` !== value) continue; // overridden
      for (const [, name] of value.matchAll(/(?<!\$)\$\{(\w+)/g)) {
        const uses = `${file}: ${at} uses \${${name}}`;
        if (!env[name])
          yield `${uses}, which ${COMPOSE} backstage does not set`;
        if (!(name in f.envExample)) yield `${uses}, not in .env.example`;
      }
    }
  }
  // Compose reads ${NAME} and $NAME from the shell or .env.
  for (const [at, value] of leaves(f.compose)) {
    for (const [, name] of value.matchAll(/(?<!\$)\$\{?([A-Za-z_]\w*)/g)) {
      if (!(name in f.envExample))
        yield `${COMPOSE}: ${at} reads ${name}, not in .env.example`;
    }
  }
}

function* checkPostgres(f: Files): Iterable<string> {
  const { client, connection: conn = {} } = f.prod.backend?.database ?? {};
  const [pgName, pg] = postgres(f);
  const env = serviceEnv(backstage(f));
  const pgEnv = serviceEnv(pg);
  // The backstage variable a connection field is read from.
  const source = (field: string): string =>
    /^\$\{(\w+)\}$/.exec(conn[field])?.[1] ?? `${conn[field]}`;
  const what = (field: string) =>
    `${COMPOSE} backstage ${source(field)} (${PROD} connection.${field})`;
  yield* mismatch(`${PROD} backend.database.client`, client, 'pg');
  yield* mismatch(what('host'), env[source('host')], pgName);
  yield* mismatch(what('port'), env[source('port')], pgEnv.PGPORT ?? '5432');
  // Backstage logs in with the variables that create the superuser.
  for (const field of ['user', 'password']) {
    const used = composeVar(env[source(field)]);
    const created = composeVar(pgEnv[`POSTGRES_${field.toUpperCase()}`]);
    yield* mismatch(`${what(field)} reads`, used, created);
  }
  const condition = backstage(f).depends_on?.[pgName]?.condition;
  yield* mismatch(
    `${COMPOSE} backstage depends_on`,
    condition,
    'service_healthy',
  );

  const dataDir = pgEnv.PGDATA ?? '/var/lib/postgresql/data';
  const volume = (pg.volumes ?? [])
    .map((v: Json) => (isObject(v) ? [v.source, v.target] : v.split(':')))
    .find(([, target]: string[]) => target === dataDir)?.[0];
  if (!(volume in (f.compose.volumes ?? {})))
    yield `${COMPOSE}: ${pgName} keeps ${dataDir} on ${volume}, not a named volume declared under volumes:`;
}

function* checkPorts(f: Files): Iterable<string> {
  const port = Number(containerConfig(f).backend?.listen?.port);
  const stage = finalStage(f);
  const published = (backstage(f).ports ?? []).map((p: Json) =>
    parseInt(`${p.target ?? p}`.split(':').pop()!, 10),
  );
  const exposed = docker.argsOf(stage, 'EXPOSE').flatMap(docker.words);
  const healthcheck = docker.argsOf(stage, 'HEALTHCHECK').join(' ');
  const healthPorts = [
    ...healthcheck.matchAll(/\/\/(?:localhost|127\.0\.0\.1):(\d+)\//g),
  ].map(m => Number(m[1]));
  yield* mismatch(`${COMPOSE} backstage container ports`, published, [port]);
  // The backend's port and the Prometheus exporter's (instrumentation.js).
  yield* mismatch('Dockerfile EXPOSE', exposed.map(Number), [
    port,
    METRICS_PORT,
  ]);
  yield* mismatch('Dockerfile HEALTHCHECK port', healthPorts, [port]);
  const { app, backend } = f.prod;
  yield* mismatch(`${PROD} app.baseUrl`, app?.baseUrl, backend?.baseUrl);
}

function* checkDockerfile(f: Files): Iterable<string> {
  const stage = finalStage(f);
  if (f.stages.length < 2)
    yield `Dockerfile has ${f.stages.length} stage(s), expected >= 2`;
  const user = docker.argsOf(stage, 'USER').pop()?.split(':')[0];
  if (!user || user === 'root' || user === '0')
    yield `Dockerfile final stage runs as USER ${user ?? 'root'}`;
  const env = docker.argsOf(stage, 'ENV').flatMap(docker.words);
  if (!env.includes('NODE_ENV=production'))
    yield 'Dockerfile final stage does not set ENV NODE_ENV=production';

  // The image gets exactly the config files that CMD loads, and they exist.
  const copied = docker
    .contextCopies(stage)
    .flatMap(c =>
      c.sources
        .filter(s => /^app-config.*\.ya?ml$/.test(s))
        .map(s => (c.destIsDir ? posix.join(c.dest, s) : c.dest)),
    );
  const loaded = cmdConfigs(f);
  yield* mismatch('Dockerfile CMD --config', loaded.sort(), copied.sort());
  for (const file of loaded.filter(l => !copiedFrom(f, l)))
    yield `Dockerfile CMD loads ${file}, not a file in the repo`;

  const aliases = f.stages.map(s => s.alias); // FROM <alias> is no new image
  for (const { image } of f.stages.filter(s => !aliases.includes(s.image))) {
    const major = Number(/^node:(\d+)/.exec(image)?.[1]);
    if (!allowsMajor(f.enginesNode, major))
      yield `Dockerfile FROM ${image}: outside package.json engines.node "${f.enginesNode}"`;
  }
}

function* checkSecrets(f: Files): Iterable<string> {
  for (const [file, text] of Object.entries(f.texts)) {
    for (const [i, line] of text.split('\n').entries()) {
      for (const [pattern, what] of TOKEN_PATTERNS) {
        if (pattern.test(line)) yield `${file}:${i + 1} holds ${what}`;
      }
    }
  }
  // Credentials come from the environment: `${VAR}`, and in compose without a
  // default (`${VAR:?message}`) so that a forgotten .env stops compose.
  const settings = [
    ...leaves(f.prod).map(([at, v]) => [PROD, at, v]),
    ...leaves(f.compose).map(([at, v]) => [COMPOSE, at, v]),
    ...Object.entries(f.envExample).map(([k, v]) => ['.env.example', k, v]),
    ...f.stages
      .flatMap(s => [...docker.argsOf(s, 'ENV'), ...docker.argsOf(s, 'ARG')])
      .flatMap(docker.words)
      .map(w => ['Dockerfile', ...w.split(/=(.*)/s)]),
  ];
  for (const [file, at, value = ''] of settings) {
    const fromEnv = /^(\$\{\w+(:?\?[^}]*)?\})?$/.test(value);
    if (isSecretKey(at.split('.').pop()) && !fromEnv)
      yield `${file}: ${at} is the literal ${JSON.stringify(value)}`;
  }
}

function* checkBuildContext(f: Files): Iterable<string> {
  for (const { sources } of f.stages.flatMap(docker.contextCopies)) {
    for (const source of sources) {
      if (!exists(source)) yield `Dockerfile: COPY ${source} does not exist`;
      else if (docker.isIgnored(f.dockerignore, source))
        yield `Dockerfile: COPY ${source} is in .dockerignore`;
    }
  }
  // File locations resolve against the WORKDIR, where the backend runs.
  for (const { type, target } of f.prod.catalog?.locations ?? []) {
    if (type !== 'file') continue;
    const imagePath = posix.resolve(docker.workdir(finalStage(f)), target);
    const source = copiedFrom(f, imagePath);
    if (!source || docker.isIgnored(f.dockerignore, source))
      yield `${PROD}: catalog location ${target} is not in the image`;
  }
}

// Tests

const texts = Object.fromEntries(FILES.map(file => [file, read(file)]));
const real = load(texts);
const FAKE_TOKEN = `gh${'p'}_${'a1B2c3D4e5'.repeat(4)}`; // split for scanners

describe('container files agree with the config', () => {
  it.each`
    check                | what
    ${checkEnv}          | ${'every ${VAR} is set by compose and listed in .env.example'}
    ${checkPostgres}     | ${'the backend uses the compose postgres, its credentials and volume'}
    ${checkPorts}        | ${'listen port, published port, EXPOSE and HEALTHCHECK agree'}
    ${checkDockerfile}   | ${'the Dockerfile is multi-stage, non-root, on an allowed Node'}
    ${checkSecrets}      | ${'no secrets are committed'}
    ${checkBuildContext} | ${'the build context has every COPY source and catalog file'}
  `('$what', ({ check }) => {
    expect([...check(real)]).toEqual([]);
  });

  // Each row breaks one file by replacing `from` with `to`.
  it.each`
    name                        | file               | from                                | to                              | check                | problem
    ${'another container port'} | ${COMPOSE}         | ${"'7007:7007'"}                    | ${"'7007:8080'"}                | ${checkPorts}        | ${/docker-compose.yml backstage container ports: is \[8080\]/}
    ${'a variable not passed'}  | ${COMPOSE}         | ${'GITHUB_TOKEN: '}                 | ${'# GITHUB_TOKEN: '}           | ${checkEnv}          | ${/uses \$\{GITHUB_TOKEN\}, which docker-compose.yml backstage does not set/}
    ${'a literal password'}     | ${PROD}            | ${'password: ${POSTGRES_PASSWORD}'} | ${'password: hunter2'}          | ${checkSecrets}      | ${/app-config.production.yaml: backend.database.connection.password is the literal "hunter2"/}
    ${'a committed token'}      | ${'.env.example'}  | ${'GITHUB_TOKEN='}                  | ${`GITHUB_TOKEN=${FAKE_TOKEN}`} | ${checkSecrets}      | ${/.env.example:\d+ holds a GitHub token/}
    ${'an ignored COPY source'} | ${'.dockerignore'} | ${'.git\n'}                         | ${'.git\ncatalog\n'}            | ${checkBuildContext} | ${/COPY catalog is in .dockerignore/}
  `('reports $name', ({ file, from, to, check, problem }) => {
    expect(texts[file]).toContain(from);
    const broken = load({ ...texts, [file]: texts[file].replace(from, to) });
    expect([...check(broken)].join('\n')).toMatch(problem);
  });
});
