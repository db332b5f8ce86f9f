import {
  ReviewState,
  UpgradeConflict,
} from '@internal/backstage-plugin-golden-paths-common';

/** Where the upgrade's review stands, in words. */
export function reviewInWords(review: ReviewState): string {
  switch (review) {
    case 'merged':
      return 'merged';
    case 'closed':
      return 'closed without merging';
    default:
      return 'open';
  }
}

/** A conflict in words, for the team that resolves it. */
export function conflictInWords(conflict: UpgradeConflict): string {
  switch (conflict.reason) {
    case 'both-changed':
      return 'changed by the template and by your team: resolve the marked lines';
    case 'added-by-both':
      return 'added by the template, and by your team with other content: resolve the marked lines';
    case 'removed-by-template-changed-by-team':
      return 'removed by the template, but your team changed it: kept, delete it if you no longer need it';
    case 'changed-by-template-removed-by-team':
      return 'changed by the template, but your team removed it: left out, add it back if you want the change';
    default:
      return conflict.reason;
  }
}

/** "1 service" / "3 services". */
export function services(n: number): string {
  return n === 1 ? '1 service' : `${n} services`;
}
