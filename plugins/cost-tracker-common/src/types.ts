/**
 * The categories every cost is stored under, in display order.
 *
 * @public
 */
export const COST_CATEGORIES = [
  'compute',
  'storage',
  'network',
  'other',
] as const;

/**
 * One of {@link COST_CATEGORIES}.
 *
 * @public
 */
export type CostCategory = (typeof COST_CATEGORIES)[number];

/**
 * An amount per cost category.
 *
 * @public
 */
export type CostBreakdown = Record<CostCategory, number>;

/**
 * Which FOCUS cost a figure is: `effective` (`EffectiveCost`, amortised after
 * discounts; the showback, and the default) or `billed` (`BilledCost`, what
 * the invoice says). Selected with the `cost` query parameter.
 *
 * @public
 */
export type CostBasis = 'effective' | 'billed';

/**
 * The query of a window of days, accepted by `/costs/...` and
 * `/organization`. Without `from` and `to`, the 30 days ending today (UTC).
 *
 * @public
 */
export type CostWindowQuery = {
  /** First day, `YYYY-MM-DD` (UTC). */
  from?: string;
  /** Last day (inclusive), `YYYY-MM-DD` (UTC). */
  to?: string;
  /** Default `effective`. */
  cost?: CostBasis;
};

/**
 * The query of `GET /top`.
 *
 * @public
 */
export type TopSpendersQuery = CostWindowQuery & {
  /** Only entities of this kind, e.g. `component`. */
  kind?: string;
  /** 1 to 100, default 10. */
  limit?: number;
};

/**
 * The cost of one day, by category and in total.
 *
 * @public
 */
export type DailyCost = CostBreakdown & {
  /** `YYYY-MM-DD` (UTC). */
  day: string;
  total: number;
};

/**
 * An entity and what it cost in a window.
 *
 * @public
 */
export type EntityAmount = {
  /** Lower-case entity ref, e.g. `component:default/payment-service`. */
  entityRef: string;
  amount: number;
};

/**
 * The part of a roll-up charged to one owner.
 *
 * @public
 */
export type OwnerCost = {
  /** The owning team (or user); `null` for members without an owner. */
  owner: string | null;
  amount: number;
  /** The members charged to this owner. */
  entityRefs: string[];
};

/**
 * An entity's monthly budget (`costTracker.budgets` or the
 * `acme.io/monthly-budget` annotation) and what the current month spent.
 *
 * @public
 */
export type CostBudget = { monthly: number; monthToDate: number };

/**
 * What `GET /costs/:kind/:namespace/:name` answers: the cost of an entity, or
 * the roll-up of a System, Group or Domain through its catalog relations.
 *
 * @public
 */
export type EntityCost = {
  entityRef: string;
  /** Lower-case kind. */
  kind: string;
  currency: string;
  cost: CostBasis;
  /** First day of the window, `YYYY-MM-DD` (UTC). */
  from: string;
  /** Last day of the window (inclusive). */
  to: string;
  total: number;
  byCategory: CostBreakdown;
  /** Every day of the window. */
  byDay: DailyCost[];
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
  members: EntityAmount[];
  /** For roll-ups: who each member's cost is charged to, highest first. */
  byOwner?: OwnerCost[];
  /** Only for entities with a budget. */
  budget?: CostBudget;
};

/**
 * A top-level team's part of the organisation's cost.
 *
 * @public
 */
export type TeamCost = {
  /** The team's group (or a user owner charged directly). */
  entityRef: string;
  amount: number;
  /** True for the organisation's root group: only what it owns itself. */
  direct: boolean;
  /** How many entities with a cost are charged to this team. */
  entities: number;
};

/**
 * Cost that no team is charged for: an entity without an owner, or a bill
 * row (FOCUS tags, an OpenCost label such as `__idle__`) that no catalog
 * entity claimed at ingestion.
 *
 * @public
 */
export type UnallocatedCost = {
  /** An entity ref, or what a bill row carried (e.g. its tags). */
  key: string;
  /** Why it is not allocated. */
  reason: string;
  /** The ingestion source (`opencost`, `focus:<file>`), for cost no entity claimed at ingestion. */
  source?: string;
  amount: number;
};

/**
 * The organisation's cost split among its top-level teams: every cost
 * counted once, teams plus unallocated add up to the total to the cent.
 *
 * @public
 */
export type CostAllocation = {
  /** All stored cost: allocated plus unallocated. */
  total: number;
  /** The part charged to teams. */
  allocated: number;
  /** The top-level teams, highest first. */
  teams: TeamCost[];
  unallocated: {
    total: number;
    /** Highest first. */
    items: UnallocatedCost[];
  };
};

/**
 * What `GET /organization` answers: the whole organisation's cost in a
 * window.
 *
 * @public
 */
export type OrganizationCost = CostAllocation & {
  from: string;
  to: string;
  currency: string;
  cost: CostBasis;
  /** The organisation's cost per day, every day of the window. */
  byDay: DailyCost[];
};

/**
 * What `GET /top` answers: the entities that cost most in a window.
 *
 * @public
 */
export type TopSpenders = {
  from: string;
  to: string;
  currency: string;
  cost: CostBasis;
  /** Highest first. */
  items: EntityAmount[];
};

/**
 * A line of an ingested export (e.g. a FOCUS CSV) that was not ingested, and
 * why. The reason names the column, e.g. `BilledCost 'ten' is not a number`.
 *
 * @public
 */
export type Rejection = { line: number; reason: string };

/**
 * The outcome of the latest ingestion run of a source.
 *
 * @public
 */
export type IngestionStatus = {
  /** `opencost`, or `focus:<file name>` for a FOCUS billing export. */
  source: string;
  status: 'ok' | 'partial' | 'failed';
  message?: string;
  rowsIngested: number;
  rowsRejected: number;
  /** The first 1000 rejected lines. */
  rejections: Rejection[];
  /** ISO 8601 timestamp. */
  lastAttemptAt: string;
  /** ISO 8601 timestamp. */
  lastSuccessAt?: string;
};

/**
 * What `GET /ingestion/status` answers.
 *
 * @public
 */
export type IngestionStatusList = { items: IngestionStatus[] };
