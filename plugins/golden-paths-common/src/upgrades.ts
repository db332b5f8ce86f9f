import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Where a repository generated from a golden path records how it was made:
 * committed with the rest, read back when an upgrade is computed.
 *
 * @public
 */
export const GOLDEN_PATH_RECORD_PATH = '.backstage/golden-path.json';

/**
 * The content of {@link GOLDEN_PATH_RECORD_PATH}.
 *
 * @public
 */
export interface GoldenPathRecord {
  /** The template, e.g. `template:default/python-fastapi-service`. */
  templateRef: string;
  /** Its semantic version (`acme.io/template-version`) at generation time. */
  templateVersion: string;
  /** The form's values, exactly as submitted (the scaffolder keeps secrets apart). */
  parameters: Record<string, unknown>;
  /**
   * sha256 over every rendered file but this one (`path\0content\0`, paths
   * sorted): rendering the same version with the same parameters again must
   * give the same hash, which proves the stored version is the one used.
   */
  contentHash: string;
}

/**
 * The state of a service's upgrade branch. `conflicts`: the branch holds
 * conflict markers in `conflicts` files for the team to resolve.
 *
 * @public
 */
export type UpgradeState = 'clean' | 'conflicts';

/**
 * Where the upgrade's review stands: `open` until the team merges the
 * branch (or its pull request) into the default branch, or closes the pull
 * request without merging.
 *
 * @public
 */
export type ReviewState = 'open' | 'merged' | 'closed';

/** The pull request of an upgrade on GitHub. @public */
export interface UpgradePullRequest {
  number: number;
  /** Its page on GitHub. */
  url: string;
}

/** A file the three-way merge could not settle, and why. @public */
export interface UpgradeConflict {
  path: string;
  reason:
    | 'both-changed'
    | 'removed-by-template-changed-by-team'
    | 'changed-by-template-removed-by-team'
    | 'added-by-both';
}

/**
 * An upgrade of one service from its golden-path version to the latest: a
 * branch (never the default branch) and, on GitHub, its pull request.
 *
 * @public
 */
export interface ServiceUpgrade {
  entityRef: string;
  templateRef: string;
  fromVersion: string;
  toVersion: string;
  /** The branch the merged result is pushed to, the same on every run. */
  branch: string;
  /** Commit at the tip of `branch`. */
  commit: string;
  state: UpgradeState;
  conflicts: UpgradeConflict[];
  /** Files the template's delta changed, added or removed in the branch. */
  changedFiles: string[];
  /**
   * Whether rendering `fromVersion` again with the recorded parameters gave
   * the recorded content hash. False: the stored version is not exactly what
   * generated the repository (the template changed without a version bump),
   * so the delta may hold more than that version's changes.
   */
  baseVerified: boolean;
  /** Open, merged into the default branch, or closed unmerged. */
  review: ReviewState;
  /** On GitHub: the pull request from `branch`, updated on every run. */
  pullRequest?: UpgradePullRequest;
  updatedAt: string;
}

/**
 * The answer of `POST /api/golden-paths/upgrades`: the upgrade, or that the
 * service is already on the latest version (no branch is touched).
 *
 * @public
 */
export type UpgradeResponse =
  | { status: 'up-to-date'; entityRef: string; version: string }
  | ({ status: 'upgrade' } & ServiceUpgrade);

/**
 * Compute and push golden-path upgrades. The Acme policy grants it to the
 * platform team (`permission.acme.platformPermissions`).
 *
 * @public
 */
export const goldenPathUpgradeCreatePermission = createPermission({
  name: 'golden-paths.upgrade.create',
  attributes: { action: 'create' },
});

/**
 * A version of a golden path the portal keeps, renderable offline.
 *
 * @public
 */
export interface TemplateVersionSummary {
  templateRef: string;
  version: string;
  snapshotHash: string;
  capturedAt: string;
}

/** Every permission of the golden-paths plugin. @public */
export const goldenPathsPermissions = [goldenPathUpgradeCreatePermission];

/** What one version of a golden path changed (its CHANGELOG.md section). @public */
export interface ChangelogEntry {
  version: string;
  /** As written in the heading, e.g. `2026-12-06`. */
  date?: string;
  /** The section's Markdown. */
  notes: string;
}

/**
 * A service's golden path as its page shows it: where it came from, how far
 * behind it is and what it misses, and its upgrade branch if there is one.
 *
 * @public
 */
export interface ServiceGoldenPath {
  entityRef: string;
  templateRef: string;
  /** The template's title, when the catalog still has it. */
  templateTitle?: string;
  /** The version the service is on (`acme.io/template-version`). */
  version?: string;
  /** The template's current version. */
  latestVersion?: string;
  /** What each version after the service's changed, newest first. */
  missedChanges: ChangelogEntry[];
  upgrade?: ServiceUpgrade;
}

/** One golden path across the fleet. @public */
export interface FleetTemplate {
  templateRef: string;
  title: string;
  latestVersion?: string;
  /** How many services are on each version, newest first. */
  versions: Array<{ version: string; services: number }>;
  services: Array<{
    entityRef: string;
    title: string;
    owner?: string;
    version?: string;
    upgrade?: Pick<
      ServiceUpgrade,
      'state' | 'toVersion' | 'conflicts' | 'review' | 'pullRequest'
    >;
  }>;
}
