import { Entity } from '@backstage/catalog-model';
import { parseEntityYaml } from '@backstage/plugin-catalog-node';
import fs from 'fs';
import path from 'path';
import {
  ANNOTATION_COST_TAG,
  ANNOTATION_KUBERNETES_ID,
} from '../src/ingestion/EntityIndex';
import { addDays } from '../src/service/window';

const DAYS = 90;

/** A stable number in [0, 1) from a string. */
function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  }
  return (h >>> 0) / 2 ** 32;
}

function csvField(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Laptop demo data, never part of the plugin: a FOCUS export with plausible
 * daily costs for the last 90 days (ending `today`) of every component that
 * has a cost tag, so a laptop portal shows numbers without a cloud account.
 * The plugin's regular FOCUS ingestion reads it like a real export. Amounts
 * are derived from the entity name and the day, so writing it again gives
 * the same numbers.
 */
export function demoFocusExport(options: {
  entities: Entity[];
  tagKey: string;
  currency: string;
  today: string;
}): string {
  const lines = [
    // FOCUS 1.3 columns (ServiceProviderName, not the deprecated ProviderName)
    'BilledCost,EffectiveCost,BillingCurrency,ChargeCategory,ChargeClass,ChargePeriodStart,ChargePeriodEnd,ServiceProviderName,ServiceCategory,ServiceName,ResourceId,Tags',
  ];
  const services: Array<[string, string, number]> = [
    ['Compute', 'Amazon Elastic Kubernetes Service', 0.62],
    ['Databases', 'Amazon Relational Database Service', 0.26],
    ['Networking', 'Amazon Virtual Private Cloud', 0.12],
  ];
  for (const entity of options.entities) {
    if (entity.kind.toLocaleLowerCase('en-US') !== 'component') {
      continue;
    }
    const annotations = entity.metadata.annotations ?? {};
    const costTag = annotations[ANNOTATION_COST_TAG];
    const tag = costTag?.includes('=')
      ? costTag.split('=', 2)
      : [options.tagKey, costTag ?? annotations[ANNOTATION_KUBERNETES_ID]];
    if (!tag[1]) {
      continue;
    }
    const base = 15 + hash(entity.metadata.name) * 90;
    const growth = (hash(`${entity.metadata.name}/growth`) - 0.3) * 0.006;
    for (let i = DAYS - 1; i >= 0; i--) {
      const day = addDays(options.today, -i);
      const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
      const weekly = weekday === 0 || weekday === 6 ? 0.8 : 1;
      const noise = 0.9 + hash(`${entity.metadata.name}/${day}`) * 0.2;
      const daily = base * weekly * noise * (1 + growth * (DAYS - i));
      for (const [category, service, share] of services) {
        lines.push(
          [
            (daily * share).toFixed(4),
            (daily * share).toFixed(4),
            options.currency,
            'Usage',
            '',
            `${day}T00:00:00Z`,
            `${addDays(day, 1)}T00:00:00Z`,
            'AWS',
            category,
            service,
            `arn:aws:demo:${tag[1]}:${category.toLocaleLowerCase('en-US')}`,
            JSON.stringify({ [tag[0]]: tag[1] }),
          ]
            .map(csvField)
            .join(','),
        );
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The entities of a catalog file as the catalog reads it: each YAML document
 * an entity, Location targets followed relative to the file that names them.
 */
export function readCatalogFiles(file: string): Entity[] {
  const entities: Entity[] = [];
  const queue = [file];
  while (queue.length > 0) {
    const next = queue.shift()!;
    const location = { type: 'file', target: next };
    for (const result of parseEntityYaml(fs.readFileSync(next), location)) {
      if (result.type === 'error') {
        throw result.error;
      }
      if (result.type !== 'entity') {
        continue;
      }
      const entity = result.entity;
      if (entity.kind === 'Location') {
        const spec = (entity.spec ?? {}) as { targets?: string[] };
        for (const target of spec.targets ?? []) {
          queue.push(path.resolve(path.dirname(next), target));
        }
        continue;
      }
      entities.push({
        ...entity,
        metadata: { namespace: 'default', ...entity.metadata },
      });
    }
  }
  return entities;
}

/**
 * Writes {@link demoFocusExport} of `entities` to `file` with the laptop
 * config's currency and tag key (app-config.yaml `costTracker`); returns
 * the number of cost rows.
 */
export function writeDemoFocusExport(options: {
  entities: Entity[];
  file: string;
  today: string;
}): number {
  const text = demoFocusExport({
    entities: options.entities,
    tagKey: 'app',
    currency: 'USD',
    today: options.today,
  });
  fs.mkdirSync(path.dirname(options.file), { recursive: true });
  fs.writeFileSync(options.file, text, 'utf8');
  return text.split('\n').length - 2;
}
