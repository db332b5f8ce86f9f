/*
 * Writes the laptop's demo billing data: a generated FOCUS export of the
 * last 90 days for the components of a catalog file, into the directory the
 * laptop config (app-config.yaml, costTracker.focus.directories) ingests.
 * scripts/start.sh runs it before the backend starts; production config
 * points at real billing exports and never runs it.
 *
 *   node --require @backstage/cli-node/config/nodeTransform.cjs \
 *     plugins/cost-tracker-backend/dev/seedDemoCosts.ts \
 *     catalog/all.yaml .local-data/cost-tracker/focus/demo-export.csv
 */
import path from 'path';
import { readCatalogFiles, writeDemoFocusExport } from './demoCosts';

const [catalogFile, file] = process.argv.slice(2);
if (!catalogFile || !file) {
  process.stderr.write(
    'usage: seedDemoCosts.ts <catalog file, e.g. catalog/all.yaml> <FOCUS file to write>\n',
  );
  process.exit(2);
}
const rows = writeDemoFocusExport({
  entities: readCatalogFiles(path.resolve(catalogFile)),
  file: path.resolve(file),
  today: new Date().toISOString().slice(0, 10),
});
process.stdout.write(`demo costs: ${rows} FOCUS rows in ${file}\n`);
