/** The categories every cost is stored under. */
export const COST_CATEGORIES = [
  'compute',
  'storage',
  'network',
  'other',
] as const;

/** One of {@link COST_CATEGORIES}. */
export type CostCategory = (typeof COST_CATEGORIES)[number];

/** One stored daily cost: an entity, a UTC day, a category and where it came from. */
export type CostRow = {
  /** Lower-case entity ref, e.g. `component:default/payment-service`. */
  entityRef: string;
  /** UTC day, `YYYY-MM-DD`. */
  day: string;
  category: CostCategory;
  /** `opencost`, or `focus:<file name>` for a FOCUS billing export. */
  source: string;
  amount: number;
};

/** A line of input that was not ingested, and why. */
export type Rejection = { line: number; reason: string };

/** The outcome of the latest ingestion run of a source. */
export type IngestionStatus = {
  source: string;
  status: 'ok' | 'partial' | 'failed';
  message?: string;
  rowsIngested: number;
  rowsRejected: number;
  rejections: Rejection[];
  lastAttemptAt: string;
  lastSuccessAt?: string;
};
