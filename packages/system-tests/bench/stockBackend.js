/*
 * Stock Backstage for the side-by-side benchmark (sideBySide.ts): the
 * catalog plugin alone on @backstage/backend-defaults, as `yarn new` makes a
 * backend, with none of the portal's plugins, permission policy, audit or
 * instrumentation. Its config comes from the benchmark. Plain JavaScript, so
 * it runs as a production build does: no TypeScript loader.
 */
const { createBackend } = require('@backstage/backend-defaults');

const backend = createBackend();
backend.add(import('@backstage/plugin-catalog-backend'));
backend.start();
