import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
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
 * The image installs the bundle's dependencies from the lockfile; here
 * `dir/node_modules` links to the repository's installed packages instead,
 * with the repository's own packages (`@internal/*`) taken from the
 * bundle, so no TypeScript source is reached.
 */
export function prepareShippedBuild(dir: string): {
  entry: string;
  nodeArgs: string[];
  env: Record<string, string>;
} {
  execFileSync('tar', [
    'xzf',
    path.join(repoRoot, 'packages/backend/dist/bundle.tar.gz'),
    '-C',
    dir,
  ]);
  const modules = path.join(dir, 'node_modules');
  mkdirSync(path.join(modules, '@internal'), { recursive: true });
  const installed = path.join(repoRoot, 'node_modules');
  for (const name of readdirSync(installed)) {
    if (name === '@internal' || name === '.bin' || name === 'app') continue;
    symlinkSync(path.join(installed, name), path.join(modules, name));
  }
  for (const group of ['packages', 'plugins']) {
    for (const name of readdirSync(path.join(dir, group))) {
      const pkg = path.join(dir, group, name);
      const manifest = JSON.parse(
        readFileSync(path.join(pkg, 'package.json'), 'utf8'),
      );
      const link = path.join(modules, manifest.name);
      if (manifest.name.startsWith('@internal/') || name === 'app') {
        symlinkSync(pkg, link);
      }
    }
  }
  return {
    entry: path.join(dir, 'packages/backend'),
    nodeArgs: imageNodeArgs().map(arg =>
      arg === './instrumentation.js'
        ? path.join(repoRoot, 'packages/backend/src/instrumentation.js')
        : arg,
    ),
    env: imageEnv(),
  };
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
