import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { CostCategory } from '@internal/backstage-plugin-cost-tracker-common';
import { CostRow, UnallocatedRow } from '../types';
import { withRelations } from './catalogRelations';

/** A small deterministic random generator (LCG), so runs are comparable. */
export function seeded(seed: number) {
  let state = seed >>> 0;
  return (n: number) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % n;
  };
}

const entity = (kind: string, name: string, spec: JsonObject): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
  spec,
});

/** The shape of a generated organisation. */
export type GeneratedOrg = {
  entities: Entity[];
  /** Top-level teams (children of the organization root). */
  departments: string[];
  /** Refs of the entities that carry costs (components and resources). */
  costed: string[];
};

/**
 * A generated organisation of `size` catalog entities: an organization root
 * with 10 departments of 4 teams each, 20 users, 5 domains, 200 systems and
 * components and resources for the rest. Systems are shared: about a quarter
 * of a system's parts belong to teams other than the system's owner. Some
 * parts are owned by users, some by the organization root itself, some by a
 * group that no longer exists, some by nobody.
 */
export function generateOrg(size = 10_000, seed = 42): GeneratedOrg {
  const random = seeded(seed);
  const entities: Entity[] = [
    entity('Group', 'org', { type: 'organization', children: [] }),
  ];
  const departments: string[] = [];
  const teams: string[] = [];
  for (let d = 0; d < 10; d++) {
    const dept = `dept-${d}`;
    departments.push(`group:default/${dept}`);
    teams.push(dept);
    entities.push(
      entity('Group', dept, {
        type: 'department',
        parent: 'org',
        children: [],
      }),
    );
    for (let t = 0; t < 4; t++) {
      teams.push(`team-${d}-${t}`);
      entities.push(
        entity('Group', `team-${d}-${t}`, {
          type: 'team',
          parent: dept,
          children: [],
        }),
      );
    }
  }
  const users: string[] = [];
  for (let u = 0; u < 20; u++) {
    users.push(`user-${u}`);
    entities.push(
      entity('User', `user-${u}`, {
        memberOf: [teams[random(teams.length)]],
      }),
    );
  }
  for (let d = 0; d < 5; d++) {
    entities.push(entity('Domain', `domain-${d}`, { owner: `dept-${d}` }));
  }
  const systemOwners: string[] = [];
  for (let s = 0; s < 200; s++) {
    const owner = teams[random(teams.length)];
    systemOwners.push(owner);
    entities.push(
      entity('System', `system-${s}`, { owner, domain: `domain-${s % 5}` }),
    );
  }
  const costed: string[] = [];
  for (let i = 0; entities.length < size; i++) {
    const system = random(systemOwners.length);
    const roll = random(100);
    let owner: string | undefined;
    if (roll < 70) {
      owner = systemOwners[system];
    } else if (roll < 90) {
      owner = teams[random(teams.length)];
    } else if (roll < 93) {
      owner = `user:${users[random(users.length)]}`;
    } else if (roll < 96) {
      owner = `disbanded-${random(5)}`;
    } else if (roll < 98) {
      owner = 'org';
    }
    const kind = i % 5 === 4 ? 'Resource' : 'Component';
    const name = `${kind === 'Resource' ? 'res' : 'svc'}-${i}`;
    costed.push(`${kind.toLocaleLowerCase('en-US')}:default/${name}`);
    entities.push(
      entity(kind, name, {
        type: kind === 'Resource' ? 'database' : 'service',
        ...(owner ? { owner } : {}),
        system: `system-${system}`,
      }),
    );
  }
  return { entities: withRelations(entities), departments, costed };
}

const CATEGORIES: CostCategory[] = ['compute', 'storage', 'network', 'other'];

/**
 * Daily costs for a generated organisation: every costed entity on every
 * day, a tenth of the systems with a cost of their own, 50 entities that
 * have left the catalog, and bill rows no entity claims.
 */
export function generateCosts(options: {
  org: GeneratedOrg;
  days: string[];
  source: string;
  categories?: number;
  seed?: number;
}): { rows: CostRow[]; unallocated: UnallocatedRow[] } {
  const random = seeded(options.seed ?? 7);
  const categories = CATEGORIES.slice(0, options.categories ?? 1);
  const refs = [
    ...options.org.costed,
    ...Array.from({ length: 20 }, (_, s) => `system:default/system-${s * 10}`),
    ...Array.from({ length: 50 }, (_, i) => `component:default/retired-${i}`),
  ];
  const rows: CostRow[] = [];
  const unallocated: UnallocatedRow[] = [];
  for (const day of options.days) {
    for (const entityRef of refs) {
      for (const category of categories) {
        // Fractions of a cent, as amortized costs have; now and then a
        // credit or correction below zero.
        const amount =
          ((random(10_000_000) + 1) / 1000) * (random(100) === 0 ? -1 : 1);
        rows.push({ entityRef, day, category, source: options.source, amount });
      }
    }
    for (let k = 0; k < 10; k++) {
      unallocated.push({
        key: `tags {"app":"unknown-${k}"}`,
        reason: `no catalog entity claims tags {"app":"unknown-${k}"}`,
        day,
        category: 'compute',
        source: options.source,
        amount: (random(1_000_000) + 1) / 1000,
      });
    }
  }
  return { rows, unallocated };
}
