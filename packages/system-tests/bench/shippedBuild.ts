import { execFileSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
} from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../src/__testUtils__/runBackend';
import * as docker from '../src/deploy/dockerfile';

/**
 * The portal's backend as the container image runs it: plain JavaScript
 * from packages/backend/dist/bundle.tar.gz (`yarn --cwd packages/backend
 * build`, the Dockerfile's build step) unpacked into `dir`, started as the
 * image's CMD does: the Node.js flags of the Dockerfile's `CMD` (e.g.
 * `--require ./instrumentation.js`) and the `ENV` settings of its last stage
 * (e.g. `MALLOC_ARENA_MAX`), read from the Dockerfile so that the benchmark
 * runs what ships, with no TypeScript loader and no source maps. (Stock is plain JavaScript
 * already: bench/stockBackend.js.)
 *
 * It runs in `dir`, as the image runs in its WORKDIR: the unpacked bundle
 * with `catalog/` and `templates/` beside it. The working directory matters
 * beyond relative paths: at startup the root logger collects the config
 * schemas of the workspace's packages (to redact secrets), and in the
 * repository our plugins' schemas are `config.d.ts` files, compiled with
 * TypeScript in the process (~37 MiB more live heap, the compiler's code
 * kept), where the bundle has them as `config.schema.json`.
 *
 * The image installs the bundle's dependencies from the lockfile; here
 * `dir/node_modules` links to the repository's installed packages instead,
 * with the workspace's own packages taken from the bundle (as yarn links a
 * workspace's packages), so no TypeScript source is reached.
 */
export function prepareShippedBuild(dir: string): {
  entry: string;
  cwd: string;
  nodeArgs: string[];
  env: Record<string, string>;
} {
  execFileSync('tar', [
    'xzf',
    path.join(repoRoot, 'packages/backend/dist/bundle.tar.gz'),
    '-C',
    dir,
  ]);
  linkWorkspaceModules(dir);
  for (const copied of ['catalog', 'templates']) {
    symlinkSync(path.join(repoRoot, copied), path.join(dir, copied));
  }
  return {
    entry: path.join(dir, 'packages/backend'),
    cwd: dir,
    nodeArgs: imageNodeArgs().map(arg =>
      arg === './instrumentation.js'
        ? path.join(repoRoot, 'packages/backend/src/instrumentation.js')
        : arg,
    ),
    env: imageEnv(),
  };
}

/**
 * `dir/node_modules` for a workspace in `dir` (packages under
 * `dir/packages` and `dir/plugins`): its own packages linked by name, as
 * yarn installs a workspace, and every other package linked to the
 * repository's installed one.
 */
export function linkWorkspaceModules(dir: string) {
  const modules = path.join(dir, 'node_modules');
  const own = new Map<string, string>();
  for (const group of ['packages', 'plugins']) {
    const groupDir = path.join(dir, group);
    if (!existsSync(groupDir)) continue;
    for (const name of readdirSync(groupDir)) {
      const pkg = path.join(groupDir, name);
      const manifest = JSON.parse(
        readFileSync(path.join(pkg, 'package.json'), 'utf8'),
      );
      own.set(manifest.name, pkg);
    }
  }
  mkdirSync(modules, { recursive: true });
  const installed = path.join(repoRoot, 'node_modules');
  for (const name of readdirSync(installed)) {
    // the repository's own packages (@internal/*, app, backend, ...) are
    // its sources, not the workspace's
    if (name === '@internal' || name === '.bin' || own.has(name)) continue;
    if (lstatSync(path.join(installed, name)).isSymbolicLink()) continue;
    symlinkSync(path.join(installed, name), path.join(modules, name));
  }
  for (const [name, pkg] of own) {
    mkdirSync(path.dirname(path.join(modules, name)), { recursive: true });
    symlinkSync(pkg, path.join(modules, name));
  }
}

/** The image's last stage, the one that runs. */
function finalStage(): docker.Stage {
  const stages = docker.parse(
    readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8'),
  );
  return stages[stages.length - 1];
}

/**
 * The `ENV KEY=value` settings of the image's last stage that do not refer
 * to other variables (PATH and the like are the machine's own here).
 */
export function imageEnv(): Record<string, string> {
  const settings = docker
    .argsOf(finalStage(), 'ENV')
    .flatMap(docker.words)
    .map(setting => /^([A-Za-z_]\w*)=([^$]*)$/.exec(setting))
    .filter(match => match !== null);
  return Object.fromEntries(settings.map(([, key, value]) => [key, value]));
}

/**
 * The arguments between `node` and `packages/backend` in the image's `CMD`.
 */
export function imageNodeArgs(): string[] {
  const cmd = docker.words(docker.argsOf(finalStage(), 'CMD').pop() ?? '[]');
  const entry = cmd.indexOf('packages/backend');
  if (cmd[0] !== 'node' || entry < 0) {
    throw new Error('Dockerfile: CMD does not run packages/backend with node');
  }
  return cmd.slice(1, entry);
}
