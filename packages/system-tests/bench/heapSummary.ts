/*
 * What a V8 heap snapshot holds, by kind:
 *
 *   node --require @backstage/cli-node/config/nodeTransform.cjs \
 *     packages/system-tests/bench/heapSummary.ts <file.heapsnapshot> [top]
 *
 * Shallow (self) sizes summed per node type and, for objects and closures,
 * per constructor or function name; the largest strings are shown by their
 * first characters (a source map or a cached document is recognisable).
 * Retained sizes need the dominator tree: open the file in Chrome DevTools
 * for those.
 */
import { readFileSync } from 'node:fs';

interface HeapSnapshot {
  snapshot: {
    meta: { node_fields: string[]; node_types: [string[], ...unknown[]] };
    node_count: number;
  };
  nodes: number[];
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

if (require.main === module) {
  const [file, top = '25'] = process.argv.slice(2);
  if (!file) {
    console.error('usage: heapSummary.ts <file.heapsnapshot> [top]');
    process.exit(2);
  }
  summarize(JSON.parse(readFileSync(file, 'utf8')), Number(top));
}
