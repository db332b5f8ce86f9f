/*
 * Enumerates the HTTP surface of the backend from the code that is actually
 * installed: for every backend plugin and module that packages/backend
 * depends on (package.json backstage.role), its route definitions
 * (`router.get('/path', ...)`, `.post(...)`, ...) and its auth policies
 * (`addAuthPolicy({ path, allow })`), read from the built package (dist/)
 * or, for our workspace packages, their src/. A crawl by regular expression
 * misses routes whose path is computed; every /api/<plugin>/<anything> is
 * behind the plugin's credential barrier anyway, which the suite also checks
 * with made-up paths.
 */
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../__testUtils__/runBackend';

export interface CrawledRoute {
  pluginId: string;
  method: string;
  /** Path inside the plugin, e.g. /entities/by-uid/:uid */
  path: string;
  /** The package the route was found in. */
  source: string;
}

export interface CrawledAuthPolicy {
  pluginId: string;
  path: string;
  allow: string;
  source: string;
}

/** The scheduler endpoints every plugin gets from the framework. */
const FRAMEWORK_ROUTES = [
  { method: 'GET', path: '/.backstage/scheduler/v1/tasks' },
  {
    method: 'POST',
    path: '/.backstage/scheduler/v1/tasks/:id/trigger',
  },
];

function files(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!['node_modules', '__testUtils__', 'dev'].includes(entry.name)) {
        out.push(...files(full));
      }
    } else if (
      /\.(cjs\.js|ts)$/.test(entry.name) &&
      !/\.(test|d)\.ts$/.test(entry.name)
    ) {
      out.push(full);
    }
  }
  return out;
}

export function crawlBackend(): {
  routes: CrawledRoute[];
  authPolicies: CrawledAuthPolicy[];
  pluginIds: string[];
} {
  const backendDir = path.join(repoRoot, 'packages/backend');
  const pkg = JSON.parse(
    fs.readFileSync(path.join(backendDir, 'package.json'), 'utf8'),
  );
  const routes: CrawledRoute[] = [];
  const authPolicies: CrawledAuthPolicy[] = [];
  const pluginIds = new Set<string>();
  for (const dep of Object.keys(pkg.dependencies)) {
    let dir: string;
    try {
      dir = path.dirname(
        require.resolve(`${dep}/package.json`, { paths: [backendDir] }),
      );
    } catch {
      continue;
    }
    const meta = JSON.parse(
      fs.readFileSync(path.join(dir, 'package.json'), 'utf8'),
    );
    const role = meta.backstage?.role;
    if (role !== 'backend-plugin' && role !== 'backend-plugin-module') {
      continue;
    }
    const pluginId: string = meta.backstage.pluginId;
    pluginIds.add(pluginId);
    const code = fs.existsSync(path.join(dir, 'src'))
      ? path.join(dir, 'src')
      : path.join(dir, 'dist');
    for (const file of files(code)) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(
        /\.(get|post|put|patch|delete)\(\s*["'`](\/[^"'`]*)["'`]/g,
      )) {
        routes.push({
          pluginId,
          method: m[1].toUpperCase(),
          path: m[2],
          source: dep,
        });
      }
      for (const m of text.matchAll(/addAuthPolicy\(\s*\{([^}]*)\}/g)) {
        const body = m[1];
        const p = /path:\s*["'`]([^"'`]*)["'`]/.exec(body)?.[1] ?? '(computed)';
        const allow = /allow:\s*["'`]([^"'`]*)["'`]/.exec(body)?.[1] ?? '?';
        authPolicies.push({ pluginId, path: p, allow, source: dep });
      }
    }
  }
  for (const pluginId of pluginIds) {
    for (const r of FRAMEWORK_ROUTES) {
      routes.push({ pluginId, ...r, source: 'backend-defaults (scheduler)' });
    }
  }
  const unique = new Map(
    routes.map(r => [`${r.method} ${r.pluginId} ${r.path}`, r]),
  );
  return {
    routes: [...unique.values()],
    authPolicies,
    pluginIds: [...pluginIds].sort(),
  };
}

/** A concrete URL path for a route pattern (`:param` and `*` filled in). */
export function concretePath(pluginId: string, routePath: string): string {
  const filled = routePath
    .replace(/:(\w+)\([^)]*\)/g, 'x')
    .replace(/:(\w+)/g, 'x')
    .replace(/\*/g, 'x');
  return `/api/${pluginId}${filled === '/' ? '' : filled}`;
}
