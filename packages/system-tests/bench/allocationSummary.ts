/*
 * What allocated the memory in a V8 sampling heap profile (`.heapprofile`,
 * e.g. ours-1-ingestion.heapprofile from BENCH_PROFILE in sideBySide.ts):
 *
 *   node --require @backstage/cli-node/config/nodeTransform.cjs \
 *     packages/system-tests/bench/allocationSummary.ts \
 *     <file.heapprofile>... [top]
 *
 * Several files are summed: e.g. a side's startup and ingestion profiles,
 * as the catalog may begin processing before the backend is ready.
 *
 * Sizes are V8's estimates of everything allocated while it sampled,
 * collected since or not: the churn that makes the heap grow and the GC
 * work, not what stays live (heapSummary.ts says that).
 *
 * Each allocation is charged to the deepest frame on its stack that is a
 * package's code (node_modules packages, the repository's plugins/* and
 * packages/*), not Node's internals or V8 builtins: `JSON.parse` or
 * `Buffer.concat` count for the package that called them. "on the stack"
 * is what was allocated with the package anywhere on the stack. The
 * allocation stacks are that deepest package frame (with the builtin or
 * Node function that allocated, when it is another) and its callers.
 */
import { readFileSync } from 'node:fs';
import { packageOf } from './profileSummary';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  callFrame: CallFrame;
  selfSize: number;
  children?: ProfileNode[];
}

interface HeapProfile {
  head: ProfileNode;
}

const CALLERS = 5;

/** A package's code, rather than Node's, V8's or the profiler's. */
function isPackageFrame(frame: CallFrame): boolean {
  return frame.url !== '' && !frame.url.startsWith('node:');
}

/** A frame as "function file:line", the file from its package's folder. */
function describe(frame: CallFrame): string {
  const name = frame.functionName || '(anonymous)';
  if (!frame.url) return name;
  const pkg = packageOf(frame.url, frame.functionName);
  const at = frame.url.lastIndexOf(`${pkg}/`);
  const file = at < 0 ? frame.url : frame.url.slice(at);
  return `${name} ${file}:${frame.lineNumber + 1}`;
}

function summarize(profiles: HeapProfile[], top: number) {
  const attributed = new Map<string, number>();
  const onStack = new Map<string, number>();
  const stacks = new Map<string, number>();
  let total = 0;
  // iteratively, with the path from the root: the stacks are deep
  const pending: { node: ProfileNode; path: CallFrame[] }[] = profiles.map(
    profile => ({ node: profile.head, path: [] }),
  );
  while (pending.length) {
    const { node, path } = pending.pop()!;
    const stack = [...path, node.callFrame];
    for (const child of node.children ?? []) {
      pending.push({ node: child, path: stack });
    }
    const size = node.selfSize;
    if (!size) continue;
    total += size;
    let deepest = stack.length - 1;
    while (deepest >= 0 && !isPackageFrame(stack[deepest])) deepest--;
    if (deepest < 0) {
      const name = `(${node.callFrame.functionName || 'anonymous'})`;
      attributed.set(name, (attributed.get(name) ?? 0) + size);
      stacks.set(name, (stacks.get(name) ?? 0) + size);
      continue;
    }
    const owner = stack[deepest];
    const pkg = packageOf(owner.url, owner.functionName);
    attributed.set(pkg, (attributed.get(pkg) ?? 0) + size);
    const seen = new Set<string>();
    for (const frame of stack) {
      if (isPackageFrame(frame)) seen.add(packageOf(frame.url, ''));
    }
    for (const p of seen) onStack.set(p, (onStack.get(p) ?? 0) + size);
    const allocator =
      deepest < stack.length - 1
        ? `  via ${describe(stack[stack.length - 1])}\n`
        : '';
    // callers, a recursion shown once
    const callers: string[] = [];
    for (let i = deepest - 1; i >= 0 && callers.length < CALLERS; i--) {
      const caller = isPackageFrame(stack[i]) && describe(stack[i]);
      if (
        caller &&
        caller !== (callers[callers.length - 1] ?? describe(owner))
      ) {
        callers.push(caller);
      }
    }
    const key = `${describe(owner)}\n${allocator}${callers
      .map(caller => `    < ${caller}\n`)
      .join('')}`;
    stacks.set(key, (stacks.get(key) ?? 0) + size);
  }
  const mb = (n: number) => `${(n / 1048576).toFixed(1).padStart(8)} MiB`;
  const pct = (n: number) => `${((100 * n) / total).toFixed(1)}%`.padStart(6);
  const rows = (m: Map<string, number>, count: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([name, size]) => `  ${mb(size)} ${pct(size)}  ${name}`);
  console.log(`${mb(total)} allocated (sampled estimate)`);
  console.log(`\nallocated by package:\n${rows(attributed, top).join('\n')}`);
  console.log(
    `\nallocated with the package on the stack:\n${rows(onStack, top).join(
      '\n',
    )}`,
  );
  console.log(`\ntop allocation stacks:\n${rows(stacks, top).join('\n')}`);
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const files = args.filter(a => !/^\d+$/.test(a));
  const top = Number(args.find(a => /^\d+$/.test(a)) ?? 25);
  if (!files.length) {
    console.error('usage: allocationSummary.ts <file.heapprofile>... [top]');
    process.exit(2);
  }
  summarize(
    files.map(file => JSON.parse(readFileSync(file, 'utf8'))),
    top,
  );
}
