/*
 * The memory patches of .yarn/patches (README, "Patched upstream packages")
 * are in effect: loading the backend plugins that carried them does not load
 * what they defer. Run in a fresh Node.js process, as the backend loads them
 * (Jest has a module registry of its own). After a Backstage bump a patch
 * keyed to the old version no longer applies, and this test says so.
 */
import { spawnSync } from 'child_process';
import path from 'path';

const root = path.resolve(__dirname, '../../../..');

/** The modules matching `probes` that are loaded after requiring `pkg`. */
function loadedBy(pkg: string, probes: string[]): string[] {
  const script = `
    require(${JSON.stringify(pkg)});
    const loaded = Object.keys(require.cache);
    const probes = ${JSON.stringify(probes)};
    console.log(JSON.stringify(probes.filter(p => loaded.some(f => f.includes(p)))));
  `;
  const run = spawnSync(process.execPath, ['-e', script], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (run.status !== 0) {
    throw new Error(`node could not load ${pkg}: ${run.stderr}`);
  }
  return JSON.parse(run.stdout.trim().split('\n').pop()!);
}

describe('upstream memory patches', () => {
  it('kubernetes-backend does not load the GKE client until GKE is used', () => {
    expect(
      loadedBy('@backstage/plugin-kubernetes-backend', [
        '/node_modules/@backstage/plugin-kubernetes-backend/',
        '/node_modules/@google-cloud/container/',
      ]),
    ).toEqual(['/node_modules/@backstage/plugin-kubernetes-backend/']);
  });

  it('techdocs-node does not load dockerode (and ssh2) until Docker is used', () => {
    expect(
      loadedBy('@backstage/plugin-techdocs-node', [
        '/node_modules/@backstage/plugin-techdocs-node/',
        '/node_modules/dockerode/',
        '/node_modules/ssh2/',
      ]),
    ).toEqual(['/node_modules/@backstage/plugin-techdocs-node/']);
  });
});
