import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/frontend-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';

/** Cost categories, as stored by the cost tracker backend. */
export type CostBreakdown = {
  compute: number;
  storage: number;
  network: number;
  other: number;
};

/**
 * Which cost a figure is: `effective` (FOCUS EffectiveCost, amortised after
 * discounts, the default) or `billed` (what the invoice says).
 */
export type CostBasis = 'effective' | 'billed';

/** The cost of an entity (or the roll-up of a System, Group or Domain). */
export type EntityCost = {
  entityRef: string;
  kind: string;
  currency: string;
  cost: CostBasis;
  /** First day of the window, `YYYY-MM-DD` (UTC). */
  from: string;
  /** Last day of the window (inclusive). */
  to: string;
  total: number;
  byCategory: CostBreakdown;
  byDay: Array<CostBreakdown & { day: string; total: number }>;
  /** The window of the same length just before this one. */
  previous: {
    from: string;
    to: string;
    total: number;
    byCategory: CostBreakdown;
  };
  /** Relative change against the previous window; null without a previous cost. */
  change: number | null;
  /** For roll-ups: the member entities with a cost, highest first. */
  members: Array<{ entityRef: string; amount: number }>;
  /**
   * For roll-ups: who each member's cost is charged to (the owning team;
   * `null` for members without an owner), highest first.
   */
  byOwner?: Array<{
    owner: string | null;
    amount: number;
    entityRefs: string[];
  }>;
  budget?: { monthly: number; monthToDate: number };
};

/**
 * The whole organisation's cost in a window: every cost counted once, split
 * among the top-level teams, and what no team owns (unallocated).
 */
export type OrganizationCost = {
  from: string;
  to: string;
  currency: string;
  cost: CostBasis;
  /** All stored cost: allocated plus unallocated. */
  total: number;
  /** The part charged to teams. */
  allocated: number;
  /** The top-level teams, highest first. */
  teams: Array<{
    /** The team's group (or a user owner charged directly). */
    entityRef: string;
    amount: number;
    /** True for the organisation's root group: only what it owns itself. */
    direct: boolean;
    /** How many entities with a cost are charged to this team. */
    entities: number;
  }>;
  unallocated: {
    total: number;
    items: Array<{
      /** An entity ref, or what a bill row carried (e.g. its tags). */
      key: string;
      reason: string;
      /** The ingestion source, for cost no entity claimed at ingestion. */
      source?: string;
      amount: number;
    }>;
  };
  /** The organisation's cost per day, every day of the window. */
  byDay: Array<CostBreakdown & { day: string; total: number }>;
};

/** The entities that cost most in a window. */
export type TopSpenders = {
  from: string;
  to: string;
  currency: string;
  cost: CostBasis;
  items: Array<{ entityRef: string; amount: number }>;
};

/** Reads costs from the cost tracker backend. */
export interface CostTrackerApi {
  /**
   * The cost of an entity in a window (default: the 30 days ending today),
   * with the same-length window before it. Systems, Groups and Domains are
   * rolled up through their catalog relations.
   */
  getEntityCost(
    entity: CompoundEntityRef,
    window?: { from?: string; to?: string },
  ): Promise<EntityCost>;

  /**
   * The organisation's cost in a window (default: the 30 days ending
   * today): the total, each top-level team's part and the unallocated rest.
   */
  getOrganizationCost(window?: {
    from?: string;
    to?: string;
  }): Promise<OrganizationCost>;

  /** The entities that cost most in a window, optionally of one kind. */
  getTopSpenders(options?: {
    from?: string;
    to?: string;
    kind?: string;
    limit?: number;
  }): Promise<TopSpenders>;
}

/** API reference of the {@link CostTrackerApi}. */
export const costTrackerApiRef = createApiRef<CostTrackerApi>({
  id: 'plugin.cost-tracker.api',
});

/** {@link CostTrackerApi} over HTTP, with the Backstage token of the user. */
export class CostTrackerClient implements CostTrackerApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  private async get<T>(path: string, query: Record<string, unknown>) {
    const base = await this.deps.discoveryApi.getBaseUrl('cost-tracker');
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) {
        params.set(key, String(value));
      }
    }
    const qs = params.toString();
    const response = await this.deps.fetchApi.fetch(
      `${base}${path}${qs ? `?${qs}` : ''}`,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }

  async getEntityCost(
    entity: CompoundEntityRef,
    window: { from?: string; to?: string } = {},
  ): Promise<EntityCost> {
    const path = [entity.kind, entity.namespace, entity.name]
      .map(p => encodeURIComponent(p.toLocaleLowerCase('en-US')))
      .join('/');
    return this.get<EntityCost>(`/costs/${path}`, window);
  }

  async getOrganizationCost(
    window: { from?: string; to?: string } = {},
  ): Promise<OrganizationCost> {
    return this.get<OrganizationCost>('/organization', window);
  }

  async getTopSpenders(
    options: { from?: string; to?: string; kind?: string; limit?: number } = {},
  ): Promise<TopSpenders> {
    return this.get<TopSpenders>('/top', options);
  }
}
