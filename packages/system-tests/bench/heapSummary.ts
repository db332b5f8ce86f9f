/*
 * What a V8 heap snapshot holds, by kind, and what holds it:
 *
 *   node --max-old-space-size=8192 \
 *     --require @backstage/cli-node/config/nodeTransform.cjs \
 *     packages/system-tests/bench/heapSummary.ts <file.heapsnapshot> [top]
 *
 * Shallow (self) sizes summed per node type and, for objects and closures,
 * per constructor or function name; the largest strings are shown by their
 * first characters (a source map or a cached document is recognisable).
 *
 * Retained sizes come from the dominator tree (weak references do not
 * retain), as in Chrome DevTools: per constructor, over the objects that no
 * other object of the same constructor retains; and per package, each
 * object counted once, for its nearest dominator whose class or function a
 * package defines (the package of a function is that of its script; of an
 * object, that of its prototype's constructor), so a Map that a plugin's
 * class instance holds counts for the plugin. Then the largest single
 * retainers, with the dominators above them.
 */
import { readFileSync } from 'node:fs';
import { packageOf } from './profileSummary';

interface HeapSnapshot {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[], ...unknown[]];
      edge_fields: string[];
      edge_types: [string[], ...unknown[]];
    };
    node_count: number;
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

function summarize(heap: HeapSnapshot, top: number) {
  const fields = heap.snapshot.meta.node_fields;
  const types = heap.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const byType = new Map<string, number>();
  const byName = new Map<string, { size: number; count: number }>();
  const strings: { size: number; text: string }[] = [];
  let total = 0;
  for (let i = 0; i < heap.nodes.length; i += width) {
    const type = types[heap.nodes[i + typeAt]];
    const name = heap.strings[heap.nodes[i + nameAt]];
    const size = heap.nodes[i + sizeAt];
    total += size;
    byType.set(type, (byType.get(type) ?? 0) + size);
    if (type === 'object' || type === 'closure' || type === 'array') {
      const key = `${type} ${name}`;
      const entry = byName.get(key) ?? { size: 0, count: 0 };
      entry.size += size;
      entry.count += 1;
      byName.set(key, entry);
    } else if (type === 'string' || type === 'concatenated string') {
      if (size > 100_000) {
        strings.push({ size, text: name.slice(0, 100).replace(/\s+/g, ' ') });
      }
    }
  }
  const mb = (n: number) => `${(n / 1048576).toFixed(1).padStart(7)} MiB`;
  console.log(`${mb(total)} in ${heap.snapshot.node_count} objects`);
  console.log('\nby type:');
  for (const [type, size] of [...byType].sort((a, b) => b[1] - a[1])) {
    console.log(`  ${mb(size)}  ${type}`);
  }
  console.log('\nby constructor / function:');
  for (const [name, { size, count }] of [...byName]
    .sort((a, b) => b[1].size - a[1].size)
    .slice(0, top)) {
    console.log(`  ${mb(size)}  ${String(count).padStart(8)}×  ${name}`);
  }
  const big = strings.sort((a, b) => b.size - a.size);
  console.log(
    `\nstrings over 100 kB: ${big.length}, ${mb(
      big.reduce((s, x) => s + x.size, 0),
    )}`,
  );
  for (const { size, text } of big.slice(0, top)) {
    console.log(`  ${mb(size)}  ${text}`);
  }
}

const NONE = 0xffffffff;

/**
 * The dominator tree of the snapshot's graph from its root, by Cooper,
 * Harvey and Kennedy's iterative algorithm over a depth-first postorder.
 * Indices are postorder positions (the root is the last); `order` maps
 * them to node ordinals.
 */
function dominatorTree(heap: HeapSnapshot) {
  const { meta } = heap.snapshot;
  const width = meta.node_fields.length;
  const edgeWidth = meta.edge_fields.length;
  const edgeCountAt = meta.node_fields.indexOf('edge_count');
  const edgeTypeAt = meta.edge_fields.indexOf('type');
  const toAt = meta.edge_fields.indexOf('to_node');
  const weak = meta.edge_types[0].indexOf('weak');
  const count = heap.snapshot.node_count;
  const firstEdge = new Uint32Array(count + 1);
  for (let n = 0; n < count; n++) {
    firstEdge[n + 1] =
      firstEdge[n] + heap.nodes[n * width + edgeCountAt] * edgeWidth;
  }
  const strong = (e: number) => heap.edges[e + edgeTypeAt] !== weak;
  const target = (e: number) => heap.edges[e + toAt] / width;

  // postorder of what the root reaches
  const position = new Uint32Array(count).fill(NONE);
  const order = new Uint32Array(count);
  const stack = new Uint32Array(count);
  const cursor = new Uint32Array(count);
  const seen = new Uint8Array(count);
  let reached = 0;
  let depth = 1;
  seen[0] = 1;
  while (depth) {
    const n = stack[depth - 1];
    const e = firstEdge[n] + cursor[depth - 1];
    if (e < firstEdge[n + 1]) {
      cursor[depth - 1] += edgeWidth;
      const to = target(e);
      if (strong(e) && !seen[to]) {
        seen[to] = 1;
        stack[depth] = to;
        cursor[depth] = 0;
        depth++;
      }
    } else {
      position[n] = reached;
      order[reached++] = n;
      depth--;
    }
  }

  // predecessors, by postorder position
  const firstPred = new Uint32Array(reached + 1);
  for (let i = 0; i < reached; i++) {
    const n = order[i];
    for (let e = firstEdge[n]; e < firstEdge[n + 1]; e += edgeWidth) {
      if (strong(e)) firstPred[position[target(e)] + 1]++;
    }
  }
  for (let i = 0; i < reached; i++) firstPred[i + 1] += firstPred[i];
  const preds = new Uint32Array(firstPred[reached]);
  const filled = firstPred.slice(0, reached);
  for (let i = 0; i < reached; i++) {
    const n = order[i];
    for (let e = firstEdge[n]; e < firstEdge[n + 1]; e += edgeWidth) {
      if (strong(e)) preds[filled[position[target(e)]]++] = i;
    }
  }

  const root = reached - 1;
  const idom = new Uint32Array(reached).fill(NONE);
  idom[root] = root;
  const intersect = (a: number, b: number) => {
    let x = a;
    let y = b;
    while (x !== y) {
      while (x < y) x = idom[x];
      while (y < x) y = idom[y];
    }
    return x;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = root - 1; i >= 0; i--) {
      let dominator = NONE;
      for (let p = firstPred[i]; p < firstPred[i + 1]; p++) {
        const pred = preds[p];
        if (idom[pred] === NONE) continue;
        dominator = dominator === NONE ? pred : intersect(pred, dominator);
      }
      if (idom[i] !== dominator) {
        idom[i] = dominator;
        changed = true;
      }
    }
  }
  return { order, idom, reached, firstEdge };
}

/**
 * Retained sizes by package and by constructor, and the largest single
 * retainers.
 */
function summarizeRetained(heap: HeapSnapshot, top: number) {
  const { meta } = heap.snapshot;
  const width = meta.node_fields.length;
  const edgeWidth = meta.edge_fields.length;
  const types = meta.node_types[0];
  const edgeTypes = meta.edge_types[0];
  const typeAt = meta.node_fields.indexOf('type');
  const nameAt = meta.node_fields.indexOf('name');
  const sizeAt = meta.node_fields.indexOf('self_size');
  const edgeTypeAt = meta.edge_fields.indexOf('type');
  const edgeNameAt = meta.edge_fields.indexOf('name_or_index');
  const toAt = meta.edge_fields.indexOf('to_node');
  const { order, idom, reached, firstEdge } = dominatorTree(heap);
  const root = reached - 1;
  const typeOf = (n: number) => types[heap.nodes[n * width + typeAt]];
  const nameOf = (n: number) => heap.strings[heap.nodes[n * width + nameAt]];
  const sizeOf = (n: number) => heap.nodes[n * width + sizeAt];
  const edgeTo = (n: number, edgeType: string, name: string) => {
    const wanted = edgeTypes.indexOf(edgeType);
    for (let e = firstEdge[n]; e < firstEdge[n + 1]; e += edgeWidth) {
      if (
        heap.edges[e + edgeTypeAt] === wanted &&
        heap.strings[heap.edges[e + edgeNameAt]] === name
      ) {
        return heap.edges[e + toAt] / width;
      }
    }
    return undefined;
  };
  // a function's package is its script's; an object's, its prototype's
  // constructor's
  const scriptPackage = (closure: number) => {
    const shared = edgeTo(closure, 'internal', 'shared');
    // `script` while a debugger is attached, else `script_or_debug_info`
    const script =
      shared === undefined
        ? undefined
        : edgeTo(shared, 'internal', 'script') ??
          edgeTo(shared, 'internal', 'script_or_debug_info');
    const url = script === undefined ? '' : nameOf(script);
    return /^(\/|file:|node:)/.test(url) ? packageOf(url, '') : undefined;
  };
  const ownPackage = (n: number) => {
    const type = typeOf(n);
    if (type === 'closure') return scriptPackage(n);
    if (type !== 'object') return undefined;
    const prototype = edgeTo(n, 'property', '__proto__');
    const constructor =
      prototype === undefined
        ? undefined
        : edgeTo(prototype, 'property', 'constructor');
    return constructor === undefined ? undefined : scriptPackage(constructor);
  };
  const labelOf = (n: number) => {
    const type = typeOf(n);
    if (type === 'object' && nameOf(n) === 'Module') {
      // a CommonJS module: which package's
      const filename = edgeTo(n, 'property', 'filename');
      if (filename !== undefined) {
        return `object Module ${packageOf(nameOf(filename), '')}`;
      }
    }
    return type === 'object' || type === 'closure' || type === 'array'
      ? `${type} ${nameOf(n)}`
      : `(${type})`;
  };

  const retained = new Float64Array(reached);
  for (let i = 0; i < reached; i++) retained[i] = sizeOf(order[i]);
  for (let i = 0; i < root; i++) retained[idom[i]] += retained[i];

  // by package: from the root down, each after its dominator
  const owner: (string | undefined)[] = new Array(reached);
  const byPackage = new Map<string, number>();
  for (let i = root; i >= 0; i--) {
    owner[i] =
      ownPackage(order[i]) ?? (i === root ? undefined : owner[idom[i]]);
    const key = owner[i] ?? '(none: the runtime, roots)';
    byPackage.set(key, (byPackage.get(key) ?? 0) + sizeOf(order[i]));
  }

  // by constructor, over the objects no other of the same constructor
  // dominates: down the dominator tree, counting the labels open above
  const firstChild = new Uint32Array(reached + 1);
  for (let i = 0; i < root; i++) firstChild[idom[i] + 1]++;
  for (let i = 0; i < reached; i++) firstChild[i + 1] += firstChild[i];
  const children = new Uint32Array(root);
  const filled = firstChild.slice(0, reached);
  for (let i = 0; i < root; i++) children[filled[idom[i]]++] = i;
  const labels: string[] = new Array(reached);
  const open = new Map<string, number>();
  const byConstructor = new Map<string, { size: number; count: number }>();
  const path = new Uint32Array(reached);
  const next = new Uint32Array(reached);
  let depth = 1;
  path[0] = root;
  next[0] = firstChild[root];
  labels[root] = labelOf(order[root]);
  while (depth) {
    const i = path[depth - 1];
    if (next[depth - 1] < firstChild[i + 1]) {
      const child = children[next[depth - 1]++];
      const label = labelOf(order[child]);
      labels[child] = label;
      const above = open.get(label) ?? 0;
      if (!above) {
        const entry = byConstructor.get(label) ?? { size: 0, count: 0 };
        entry.size += retained[child];
        entry.count += 1;
        byConstructor.set(label, entry);
      }
      open.set(label, above + 1);
      path[depth] = child;
      next[depth] = firstChild[child];
      depth++;
    } else {
      if (i !== root) open.set(labels[i], open.get(labels[i])! - 1);
      depth--;
    }
  }

  const mb = (n: number) => `${(n / 1048576).toFixed(1).padStart(7)} MiB`;
  console.log('\nretained by package (nearest dominator a package defines):');
  for (const [name, size] of [...byPackage]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)) {
    console.log(`  ${mb(size)}  ${name}`);
  }
  console.log('\nretained by constructor / function:');
  for (const [name, { size, count }] of [...byConstructor]
    .filter(([label]) => !label.startsWith('('))
    .sort((a, b) => b[1].size - a[1].size)
    .slice(0, top)) {
    console.log(`  ${mb(size)}  ${String(count).padStart(8)}×  ${name}`);
  }
  // the largest retainers, each with the path its dominators hold it by;
  // an object that is mostly one retainer it holds is shown as part of
  // that one's path, not apart
  const step = (from: number, to: number) => {
    const target = order[to] * width;
    for (
      let e = firstEdge[order[from]];
      e < firstEdge[order[from] + 1];
      e += edgeWidth
    ) {
      if (heap.edges[e + toAt] === target) {
        const type = edgeTypes[heap.edges[e + edgeTypeAt]];
        const name = heap.edges[e + edgeNameAt];
        return type === 'element' || type === 'hidden'
          ? `[${name}]`
          : `.${heap.strings[name]}`;
      }
    }
    return ' …';
  };
  const shown = (label: string) => label.replace(/^object /, '');
  const largest: number[] = [];
  const wrapper = new Uint8Array(reached);
  for (let i = 0; i < root; i++) {
    if (retained[i] >= 1048576 && !labels[i].startsWith('(')) {
      largest.push(i);
      if (retained[i] >= 0.9 * retained[idom[i]]) wrapper[idom[i]] = 1;
    }
  }
  console.log('\nlargest retainers [package]: dominators > ... > the retainer');
  for (const i of largest
    .filter(candidate => !wrapper[candidate])
    .sort((a, b) => retained[b] - retained[a])
    .slice(0, top)) {
    const held = [shown(labels[i])];
    for (let d = idom[i], c = i; held.length < 6 && d !== root; d = idom[d]) {
      held.unshift(`${shown(labels[d])}${step(d, c)}`);
      c = d;
    }
    console.log(
      `  ${mb(retained[i])}  [${owner[i] ?? '-'}]  ${held.join(' > ')}`,
    );
  }
}

if (require.main === module) {
  const [file, top = '25'] = process.argv.slice(2);
  if (!file) {
    console.error('usage: heapSummary.ts <file.heapsnapshot> [top]');
    process.exit(2);
  }
  const heap = JSON.parse(readFileSync(file, 'utf8'));
  summarize(heap, Number(top));
  summarizeRetained(heap, Number(top));
}
