import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { linkWorkspaceModules } from './shippedBuild';

/**
 * Stock Backstage's working directory, as a `yarn new` app's image runs
 * in: a workspace whose one backend package depends on
 * `@backstage/backend-defaults` and the catalog plugin (bench/stockBackend.js
 * is what it runs). In the repository's root instead, stock's root logger
 * would collect our plugins' `config.d.ts` schemas and compile them with
 * TypeScript, as ours would (bench/shippedBuild.ts).
 */
export function prepareStockWorkspace(dir: string): { cwd: string } {
  const backendDir = path.join(dir, 'packages/backend');
  mkdirSync(backendDir, { recursive: true });
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({
      name: 'stock-root',
      private: true,
      workspaces: ['packages/*'],
    }),
  );
  writeFileSync(
    path.join(backendDir, 'package.json'),
    JSON.stringify({
      name: 'backend',
      version: '0.0.0',
      private: true,
      dependencies: {
        '@backstage/backend-defaults': '*',
        '@backstage/plugin-catalog-backend': '*',
      },
    }),
  );
  linkWorkspaceModules(dir);
  return { cwd: dir };
}
