import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../src/__testUtils__/runBackend';

/**
 * The portal's backend as the container image runs it: plain JavaScript
 * from packages/backend/dist/bundle.tar.gz (`yarn --cwd packages/backend
 * build`, the Dockerfile's build step) unpacked into `dir`, started as the
 * image's CMD does (`node --require instrumentation.js packages/backend`),
 * with no TypeScript loader and no source maps. (Stock is plain JavaScript
 * already: bench/stockBackend.js.)
 *
 * The image installs the bundle's dependencies from the lockfile; here
 * `dir/node_modules` links to the repository's installed packages instead,
 * with the repository's own packages (`@internal/*`) taken from the
 * bundle, so no TypeScript source is reached.
 */
export function prepareShippedBuild(dir: string): {
  entry: string;
  instrumentation: string;
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
    instrumentation: path.join(
      repoRoot,
      'packages/backend/src/instrumentation.js',
    ),
  };
}
