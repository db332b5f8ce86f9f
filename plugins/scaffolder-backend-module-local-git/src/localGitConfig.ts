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
