/**
 * Where an upgrade campaign stands. `running` while services are pending or
 * being upgraded; `completed` once every service has its outcome (some may
 * have failed: see `failures`); `failed` when it completed and not one
 * service could be upgraded (a problem of the golden path, not of a
 * service).
 *
 * @public
 */
export type UpgradeCampaignStatus = 'running' | 'completed' | 'failed';

/**
 * One service in a campaign: waiting, being upgraded by a replica, or its
 * outcome.
 *
 * @public
 */
export type UpgradeCampaignItemStatus =
  | 'pending'
  | 'running'
  | 'clean'
  | 'conflicts'
  | 'up-to-date'
  | 'failed';

/** How many services of a campaign ended each way. @public */
export interface UpgradeCampaignCounts {
  /** Upgrade branch (or pull request) ready to merge. */
  clean: number;
  /** Upgrade branch with conflicts for the team to resolve. */
  conflicts: number;
  /** Already on the latest version by the time its turn came: nothing pushed. */
  upToDate: number;
  failed: number;
}

/**
 * An upgrade campaign: every service of a golden path behind (or below a
 * version) upgraded by the backend, in the background, with its progress.
 *
 * @public
 */
export interface UpgradeCampaign {
  id: string;
  templateRef: string;
  /** Only services on a version below this one; absent: every service behind the latest. */
  belowVersion?: string;
  /** The golden path's latest version when the campaign started. */
  toVersion: string;
  /** Values for questions the new version added, the same for every service. */
  parameters?: Record<string, unknown>;
  /** Who started it (a user entity ref, or the calling service). */
  createdBy: string;
  createdAt: string;
  /** When the last service got its outcome. */
  finishedAt?: string;
  status: UpgradeCampaignStatus;
  /** Services in the campaign. */
  total: number;
  /** Services with an outcome (clean, conflicts, up to date or failed). */
  done: number;
  counts: UpgradeCampaignCounts;
  /** Why each failed service failed, in the upgrade engine's words. */
  failures: Array<{ entityRef: string; message: string }>;
}

/**
 * One service of a campaign, with the times its upgrade started and ended.
 *
 * @public
 */
export interface UpgradeCampaignItem {
  entityRef: string;
  status: UpgradeCampaignItemStatus;
  /** Why it failed. */
  message?: string;
  /** When a replica last started its upgrade. */
  startedAt?: string;
  /** When its status last changed. */
  updatedAt: string;
  /** How many times a replica started it (more than 1: resumed after a replica stopped). */
  attempts: number;
}

/**
 * The query of `GET /api/golden-paths/campaigns`: campaigns newest first,
 * all or one golden path's.
 *
 * @public
 */
export interface UpgradeCampaignsQuery {
  templateRef?: string;
  /** 1 to 100, default 20. */
  limit?: number;
}

/**
 * The body of `POST /api/golden-paths/campaigns`.
 *
 * @public
 */
export interface UpgradeCampaignRequest {
  templateRef: string;
  belowVersion?: string;
  parameters?: Record<string, unknown>;
}
