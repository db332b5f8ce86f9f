import { RootConfigService } from '@backstage/backend-plugin-api';
import path from 'node:path';

/** The layout of the local git directory (`scaffolder.localGit.baseDir`). */
export interface LocalGitLayout {
  /** Absolute base directory. */
  baseDir: string;
  /** Absolute path of the bare repository for a repository name. */
  bareRepoPath(name: string): string;
  /** Absolute path of the working copy the catalog reads. */
  checkoutPath(name: string): string;
}

export const DEFAULT_LOCAL_GIT_DIR = '.local-data/git';

export function readLocalGitLayout(config: RootConfigService): LocalGitLayout {
  const baseDir = path.resolve(
    config.getOptionalString('scaffolder.localGit.baseDir') ??
      DEFAULT_LOCAL_GIT_DIR,
  );
  return {
    baseDir,
    bareRepoPath: name => path.join(baseDir, 'repos', `${name}.git`),
    checkoutPath: name => path.join(baseDir, 'checkouts', name),
  };
}

/** How `publish:local-git` may run on this deployment. */
export interface LocalGitDeployment {
  layout: LocalGitLayout;
  /** `scaffolder.localGit.enabled` (default true). */
  enabled: boolean;
  /** `scaffolder.localGit.shared` (default false). */
  shared: boolean;
  /** `scaffolder.localGit.replicas` (default 1). */
  replicas: number;
}

/**
 * Reads `scaffolder.localGit` and refuses a deployment on which
 * `publish:local-git` would lose repositories: several replicas, each with a
 * repository directory of its own. A repository one replica created would be
 * missing on the others (the catalog and TechDocs read it on whichever
 * replica runs them) and nothing would stop two replicas creating the same
 * name.
 */
export function readLocalGitDeployment(
  config: RootConfigService,
): LocalGitDeployment {
  const layout = readLocalGitLayout(config);
  const enabled =
    config.getOptionalBoolean('scaffolder.localGit.enabled') ?? true;
  const shared =
    config.getOptionalBoolean('scaffolder.localGit.shared') ?? false;
  const replicas =
    config.getOptionalNumber('scaffolder.localGit.replicas') ?? 1;
  if (!Number.isInteger(replicas) || replicas < 1) {
    throw new Error(
      `scaffolder.localGit.replicas must be a whole number of backend replicas, 1 or more (got ${replicas})`,
    );
  }
  if (enabled && replicas > 1 && !shared) {
    throw new Error(
      `publish:local-git cannot run on ${replicas} backend replicas ` +
        `(scaffolder.localGit.replicas) when each has its own repository ` +
        `directory: scaffolder.localGit.baseDir (${layout.baseDir}) ` +
        `is not declared shared (scaffolder.localGit.shared). A repository ` +
        `created by one replica would be missing on the others. Either mount ` +
        `one ReadWriteMany volume at that path on every replica and set ` +
        `scaffolder.localGit.shared: true, or turn the action off with ` +
        `scaffolder.localGit.enabled: false (templates then publish to ` +
        `GitHub), or run a single replica.`,
    );
  }
  return { layout, enabled, shared, replicas };
}

/** A DNS-1123 label: lower-case alphanumerics and '-', 1-63 characters. */
export const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Returns a human readable reason why `name` is not a DNS-1123 label. */
export function dns1123Problem(name: string): string | undefined {
  if (name.length === 0) return 'must not be empty';
  if (name.length > 63)
    return `must be at most 63 characters (got ${name.length})`;
  if (!DNS_1123_LABEL.test(name)) {
    return 'must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit';
  }
  return undefined;
}
