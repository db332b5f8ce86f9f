import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  CostAllocation,
  TeamCost,
  UnallocatedCost,
} from '@internal/backstage-plugin-cost-tracker-common';
import { fetchEntities, ownerOf, parentOf, refOf } from './CatalogRelations';

/** Where the cost of one entity goes. */
export type Placement =
  | {
      /** The entity's owner (a group or a user). */
      owner: string;
      /**
       * The top-level unit the owner belongs to: the group right below an
       * `organization` root group, else the root group itself; a user owner
       * is its own unit.
       */
      team: string;
      /** True when `team` is an organization root charged for what it owns itself. */
      direct: boolean;
    }
  | { reason: string };

/**
 * Who owns what, read from the catalog: the entities that carry costs, their
 * owners, and the owners' parent groups up to the root.
 */
export class Ownership {
  private constructor(
    private readonly entities: Map<string, Entity>,
    private readonly owners: Map<string, Entity>,
  ) {}

  /**
   * Reads the entities of `entityRefs`, their owners, and every ancestor
   * group of those owners, with the caller's credentials.
   */
  static async load(options: {
    catalog: CatalogService;
    credentials: BackstageCredentials;
    entityRefs: string[];
  }): Promise<Ownership> {
    const { catalog, credentials } = options;
    const entities = new Map<string, Entity>();
    for (const entity of await fetchEntities(
      catalog,
      credentials,
      options.entityRefs,
      [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'spec.owner',
        'relations',
      ],
    )) {
      entities.set(refOf(entity), entity);
    }
    const owners = new Map<string, Entity>();
    const requested = new Set<string>();
    let wanted = new Set<string>();
    for (const entity of entities.values()) {
      const owner = ownerOf(entity);
      if (owner) {
        wanted.add(owner);
      }
    }
    while (wanted.size > 0) {
      const refs = [...wanted].filter(r => !requested.has(r));
      refs.forEach(r => requested.add(r));
      const found = await fetchEntities(catalog, credentials, refs, [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'spec.type',
        'spec.parent',
        'relations',
      ]);
      wanted = new Set();
      for (const owner of found) {
        owners.set(refOf(owner), owner);
        const parent =
          owner.kind.toLocaleLowerCase('en-US') === 'group'
            ? parentOf(owner)
            : undefined;
        if (parent && !requested.has(parent)) {
          wanted.add(parent);
        }
      }
    }
    return new Ownership(entities, owners);
  }

  /** Builds the ownership from entities already at hand (tests, benchmark). */
  static fromEntities(entities: Entity[]): Ownership {
    const all = new Map(entities.map(e => [refOf(e), e]));
    return new Ownership(all, all);
  }

  /** Where the cost of an entity goes, or why it is unallocated. */
  place(entityRef: string): Placement {
    const entity = this.entities.get(entityRef);
    if (!entity) {
      return { reason: 'not in the catalog' };
    }
    const owner = ownerOf(entity);
    if (!owner) {
      return { reason: 'has no owner' };
    }
    const ownerEntity = this.owners.get(owner);
    if (!ownerEntity) {
      return { reason: `its owner ${owner} is not in the catalog` };
    }
    if (ownerEntity.kind.toLocaleLowerCase('en-US') !== 'group') {
      return { owner, team: owner, direct: false };
    }
    // The chain from the owner up to its root group.
    const chain = [ownerEntity];
    const seen = new Set([owner]);
    for (;;) {
      const parent = parentOf(chain[chain.length - 1]);
      const parentEntity = parent ? this.owners.get(parent) : undefined;
      if (!parent || !parentEntity || seen.has(parent)) {
        break;
      }
      seen.add(parent);
      chain.push(parentEntity);
    }
    const root = chain[chain.length - 1];
    const rootType = (root.spec as { type?: unknown } | undefined)?.type;
    const isOrganization =
      typeof rootType === 'string' &&
      rootType.toLocaleLowerCase('en-US') === 'organization';
    if (isOrganization && chain.length >= 2) {
      return { owner, team: refOf(chain[chain.length - 2]), direct: false };
    }
    return { owner, team: refOf(root), direct: isOrganization };
  }
}

/**
 * Rounds amounts to cents so that the rounded amounts add up exactly to the
 * rounded sum (largest remainder method). Returns integer cents.
 */
export function toCents(amounts: number[]): number[] {
  const exact = amounts.reduce((s, a) => s + a, 0);
  const target = Math.round(exact * 100);
  const cents = amounts.map(a => Math.floor(a * 100));
  let rest = target - cents.reduce((s, c) => s + c, 0);
  const order = amounts
    .map((a, i) => ({ i, remainder: a * 100 - cents[i] }))
    .sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (let k = 0; rest > 0 && order.length > 0; k++, rest--) {
    cents[order[k % order.length].i] += 1;
  }
  return cents;
}

/**
 * Splits the cost of every entity among the top-level teams, each entity to
 * exactly one team; what cannot be placed is unallocated, with the reason.
 * Amounts are rounded to cents so that teams plus unallocated add up to the
 * total exactly.
 */
export function allocate(options: {
  ownership: Ownership;
  totals: Array<{ entityRef: string; amount: number }>;
  unallocated: Array<{
    key: string;
    reason: string;
    source: string;
    amount: number;
  }>;
}): CostAllocation {
  const teams = new Map<string, TeamCost>();
  const unallocated: UnallocatedCost[] = options.unallocated.map(u => ({
    ...u,
  }));
  for (const { entityRef, amount } of options.totals) {
    const placement = options.ownership.place(entityRef);
    if ('reason' in placement) {
      unallocated.push({ key: entityRef, reason: placement.reason, amount });
      continue;
    }
    const team = teams.get(placement.team) ?? {
      entityRef: placement.team,
      amount: 0,
      direct: placement.direct,
      entities: 0,
    };
    team.amount += amount;
    team.entities += 1;
    teams.set(placement.team, team);
  }
  const teamList = [...teams.values()];
  // Every amount to cents at once, so that teams plus unallocated add up to
  // the total to the cent.
  const cents = toCents([
    ...teamList.map(t => t.amount),
    ...unallocated.map(u => u.amount),
  ]);
  teamList.forEach((t, i) => {
    t.amount = cents[i] / 100;
  });
  unallocated.forEach((u, i) => {
    u.amount = cents[teamList.length + i] / 100;
  });
  const sum = (from: number, to: number) =>
    cents.slice(from, to).reduce((s, c) => s + c, 0);
  const allocatedCents = sum(0, teamList.length);
  const unallocatedCents = sum(teamList.length, cents.length);
  const byAmount = (a: { amount: number }, b: { amount: number }) =>
    b.amount - a.amount;
  return {
    total: (allocatedCents + unallocatedCents) / 100,
    allocated: allocatedCents / 100,
    teams: teamList.sort(
      (a, b) => byAmount(a, b) || a.entityRef.localeCompare(b.entityRef),
    ),
    unallocated: {
      total: unallocatedCents / 100,
      items: unallocated.sort(
        (a, b) => byAmount(a, b) || a.key.localeCompare(b.key),
      ),
    },
  };
}
