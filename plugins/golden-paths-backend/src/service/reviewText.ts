import {
  ChangelogEntry,
  UpgradeConflict,
} from '@internal/backstage-plugin-golden-paths-common';

const CONFLICT_WORDS: Record<UpgradeConflict['reason'], string> = {
  'both-changed':
    'your team and the golden path both changed the same lines: resolve the conflict markers',
  'removed-by-template-changed-by-team':
    'the golden path removed this file, your team had changed it: it is kept, delete it or keep it',
  'changed-by-template-removed-by-team':
    'the golden path changed this file, your team had deleted it: it stays deleted, see the new version in the template',
  'added-by-both':
    'the golden path adds a file your team already has: resolve the conflict markers',
};

/**
 * The pull request's description: what the golden path changed, which
 * files the upgrade touches, and what the team has to resolve.
 */
export function reviewBody(options: {
  templateTitle: string;
  fromVersion: string;
  toVersion: string;
  baseBranch: string;
  changes: ChangelogEntry[];
  changedFiles: string[];
  conflicts: UpgradeConflict[];
  baseVerified: boolean;
}): string {
  const conflictOf = new Map(options.conflicts.map(c => [c.path, c]));
  const lines = [
    `Upgrades this service from **${options.templateTitle} ${options.fromVersion}** to **${options.toVersion}**, the golden path's latest version.`,
    '',
    `The golden path's own changes between the two versions are three-way merged over what your team changed since: your changes are kept. The portal updates this pull request when it runs the upgrade again, and never pushes to \`${options.baseBranch}\`.`,
    '',
  ];
  if (options.conflicts.length) {
    lines.push(
      `> **${options.conflicts.length} ${
        options.conflicts.length === 1 ? 'conflict' : 'conflicts'
      } to resolve before merging** (listed below).`,
      '',
    );
  }
  if (options.changes.length) {
    lines.push('## What changed in the golden path', '');
    for (const entry of options.changes) {
      lines.push(
        `### ${entry.version}${entry.date ? ` (${entry.date})` : ''}`,
        '',
        entry.notes,
        '',
      );
    }
  }
  lines.push('## Files', '');
  for (const file of options.changedFiles) {
    const conflict = conflictOf.get(file);
    lines.push(
      conflict
        ? `- \`${file}\`: **conflict**, ${CONFLICT_WORDS[conflict.reason]}`
        : `- \`${file}\``,
    );
  }
  for (const conflict of options.conflicts) {
    if (!options.changedFiles.includes(conflict.path)) {
      lines.push(
        `- \`${conflict.path}\`: **conflict**, ${
          CONFLICT_WORDS[conflict.reason]
        }`,
      );
    }
  }
  if (!options.baseVerified) {
    lines.push(
      '',
      `_Note: ${options.fromVersion} rendered again differs from what generated this repository (the template changed without a version bump), so this pull request may carry more than the golden path's changes._`,
    );
  }
  return lines.join('\n');
}
