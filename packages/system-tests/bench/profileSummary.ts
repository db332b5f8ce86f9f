/*
 * Where a V8 CPU profile's time goes, by package:
 *
 *   node --require @backstage/cli-node/config/nodeTransform.cjs \
 *     packages/system-tests/bench/profileSummary.ts <file.cpuprofile> [top]
 *
 * "self" is time spent in a package's own code; "on stack" is time with the
 * package anywhere on the stack (what removing it could save at most).
 * Packages are node_modules packages, the repository's plugins/* and
 * packages/*, and "(node)" for Node's internals; V8's idle, GC and program
 * ticks are shown apart.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export function packageOf(url: string, functionName: string): string {
  if (!url) return `(${functionName || 'anonymous'})`;
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) {
    // the innermost node_modules: a nested copy is the package itself
    const all = [...url.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)];
    return all[all.length - 1][1];
  }
  const repo = /\/(plugins|packages)\/([^/]+)\//.exec(url);
  if (repo) return `${repo[1]}/${repo[2]}`;
  if (url.startsWith('node:')) return '(node)';
  return url;
}

function summarize(profile: Profile, top: number) {
  const byId = new Map(profile.nodes.map(n => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const self = new Map<string, number>();
  const onStack = new Map<string, number>();
  const functions = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    total += us;
    const leaf = byId.get(id)!;
    const leafPackage = packageOf(
      leaf.callFrame.url,
      leaf.callFrame.functionName,
    );
    self.set(leafPackage, (self.get(leafPackage) ?? 0) + us);
    const fn = `${
      leaf.callFrame.functionName || '(anonymous)'
    } ${leafPackage}:${leaf.callFrame.lineNumber + 1}`;
    functions.set(fn, (functions.get(fn) ?? 0) + us);
    const seen = new Set<string>();
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
      const frame = byId.get(n)!.callFrame;
      if (!frame.url) continue;
      seen.add(packageOf(frame.url, frame.functionName));
    }
    for (const p of seen) onStack.set(p, (onStack.get(p) ?? 0) + us);
  });
  const pct = (us: number) => `${((100 * us) / total).toFixed(1)}%`.padStart(6);
  const rows = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(
        ([name, us]) =>
          `${pct(us)}  ${(us / 1000).toFixed(0).padStart(7)} ms  ${name}`,
      );
  console.log(`total ${(total / 1e6).toFixed(1)} s sampled`);
  console.log('\nself time by package:', ...rows(self).map(r => `\n  ${r}`));
  console.log(
    '\non the stack, by package:',
    ...rows(onStack).map(r => `\n  ${r}`),
  );
  console.log(
    '\nself time by function:',
    ...rows(functions).map(r => `\n  ${r}`),
  );
}

if (require.main === module) {
  const [file, top = '25'] = process.argv.slice(2);
  if (!file) {
    console.error('usage: profileSummary.ts <file.cpuprofile> [top]');
    process.exit(2);
  }
  summarize(JSON.parse(readFileSync(file, 'utf8')), Number(top));
}
