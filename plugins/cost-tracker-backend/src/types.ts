import type { CostCategory } from '@internal/backstage-plugin-cost-tracker-common';

/** One stored daily cost: an entity, a UTC day, a category and where it came from. */
export type CostRow = {
  /** Lower-case entity ref, e.g. `component:default/payment-service`. */
  entityRef: string;
  /** UTC day, `YYYY-MM-DD`. */
  day: string;
  category: CostCategory;
  /** `opencost`, or `focus:<file name>` for a FOCUS billing export. */
  source: string;
  /**
   * What the showback counts: FOCUS `EffectiveCost` (amortized, after
   * discounts), OpenCost's total.
   */
  amount: number;
  /** FOCUS `BilledCost` (what the invoice says); `amount` when not given. */
  billedAmount?: number;
};

/**
 * A daily cost that no catalog entity claims (an untagged bill row, OpenCost
 * idle cost, a tag two entities claim), kept so that the organisation's
 * total still adds up to the bill.
 */
export type UnallocatedRow = {
  /** What was not matched, e.g. `tags {"app":"nobody"}` or `label '__idle__'`. */
  key: string;
  /** Why it is not allocated. */
  reason: string;
  day: string;
  category: CostCategory;
  source: string;
  amount: number;
  billedAmount?: number;
};
