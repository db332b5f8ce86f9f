#!/usr/bin/env node
/*
 * Frontend weight (a measurement, not a test): the production bundle in
 * packages/app/dist, total and gzip, what every page loads first (the scripts
 * index.html names) and the largest lazily loaded chunks.
 *
 *   node scripts/bundle-size.mjs           print the figures
 *   node scripts/bundle-size.mjs --check   also fail (exit 1) when a figure is
 *                                          over its budget in packages/app/bundle-budget.json
 *
 * `yarn workspace app build` runs it with --check, so a new dependency that
 * doubles what a browser downloads fails the build instead of going unnoticed.
 * Raise a budget on purpose, in the same commit as the dependency, with the
 * reason in the commit message.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const appDir = path.resolve(import.meta.dirname, '../packages/app');
const dist = path.join(appDir, 'dist');
const check = process.argv.includes('--check');

if (!fs.existsSync(path.join(dist, 'index.html'))) {
  console.error(
    `No production build in ${dist}: run \`yarn workspace app build\` first.`,
  );
  process.exit(2);
}

const files = fs
  .readdirSync(path.join(dist, 'static'))
  .filter(name => /\.(js|css)$/.test(name))
  .map(name => {
    const content = fs.readFileSync(path.join(dist, 'static', name));
    return {
      name,
      bytes: content.length,
      gzipBytes: gzipSync(content).length,
    };
  });

const indexHtml = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
const initialNames = new Set(
  [...indexHtml.matchAll(/(?:src|href)="\/static\/([^"]+\.(?:js|css))"/g)].map(
    m => m[1],
  ),
);

const sum = (list, key) => list.reduce((total, f) => total + f[key], 0);
const js = files.filter(f => f.name.endsWith('.js'));
const css = files.filter(f => f.name.endsWith('.css'));
const initial = files.filter(f => initialNames.has(f.name));
const lazy = js.filter(f => !initialNames.has(f.name));

const figures = {
  totalBytes: sum(js, 'bytes') + sum(css, 'bytes'),
  totalGzipBytes: sum(js, 'gzipBytes') + sum(css, 'gzipBytes'),
  initialBytes: sum(initial, 'bytes'),
  initialGzipBytes: sum(initial, 'gzipBytes'),
};

const mb = n => `${(n / 1024 / 1024).toFixed(2)} MiB`;
console.log(
  `Production frontend bundle (${path.relative(process.cwd(), dist)})`,
);
console.log(
  `  everything        ${mb(figures.totalBytes)}  gzip ${mb(
    figures.totalGzipBytes,
  )}  (${js.length} scripts, ${css.length} stylesheets)`,
);
console.log(
  `  loaded first      ${mb(figures.initialBytes)}  gzip ${mb(
    figures.initialGzipBytes,
  )}  (${initial.length} files named by index.html)`,
);
console.log('  largest lazily loaded chunks:');
for (const f of [...lazy].sort((a, b) => b.bytes - a.bytes).slice(0, 8)) {
  console.log(
    `    ${f.name.padEnd(44)} ${mb(f.bytes).padStart(10)}  gzip ${mb(
      f.gzipBytes,
    )}`,
  );
}

if (check) {
  const budget = JSON.parse(
    fs.readFileSync(path.join(appDir, 'bundle-budget.json'), 'utf8'),
  );
  const over = Object.entries(budget)
    .filter(([key]) => key in figures)
    .filter(([key, limit]) => figures[key] > limit);
  for (const [key, limit] of over) {
    console.error(
      `Bundle budget exceeded: ${key} is ${mb(
        figures[key],
      )}, the budget is ${mb(limit)} (packages/app/bundle-budget.json).`,
    );
  }
  if (over.length > 0) process.exit(1);
  console.log('  within the budget of packages/app/bundle-budget.json');
}
