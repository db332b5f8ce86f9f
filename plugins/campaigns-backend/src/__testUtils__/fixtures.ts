import { Entity } from '@backstage/catalog-model';
import { CampaignInput } from '@internal/backstage-plugin-campaigns-common';
import { Scorecard } from '@internal/backstage-plugin-devex-metrics-common';

/** A campaign like the issue's: Checkout's production services at gold. */
export const checkoutGold: CampaignInput = {
  title: 'Checkout at gold',
  description: 'Every production service of Checkout at gold.',
  scope: {
    kind: 'Component',
    system: 'system:default/checkout',
    lifecycle: 'production',
  },
  target: { type: 'level', level: 'gold' },
  startDate: '2026-12-01',
  deadline: '2027-01-31',
};

export function component(
  name: string,
  spec: { owner: string; system?: string; lifecycle?: string; type?: string },
  metadata: { title?: string; tags?: string[] } = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', ...metadata },
    spec: {
      type: spec.type ?? 'service',
      lifecycle: spec.lifecycle ?? 'production',
      owner: spec.owner,
      ...(spec.system ? { system: spec.system } : {}),
    },
  };
}

export function group(name: string, displayName: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', profile: { displayName }, children: [] },
  };
}

const CHECKS: { id: string; title: string; level: string }[] = [
  { id: 'owner-is-group', title: 'Owned by a team (Group)', level: 'bronze' },
  { id: 'lifecycle', title: 'Lifecycle set', level: 'bronze' },
  { id: 'techdocs', title: 'TechDocs', level: 'silver' },
  { id: 'runbook', title: 'Runbook', level: 'silver' },
  {
    id: 'ci',
    title: 'CI (GitHub Actions, GitLab, Jenkins, ...)',
    level: 'silver',
  },
  { id: 'on-call', title: 'On-call (PagerDuty)', level: 'gold' },
  { id: 'dashboard', title: 'Dashboard', level: 'gold' },
  { id: 'golden-path', title: 'Created from a golden path', level: 'gold' },
  {
    id: 'golden-path-version',
    title: 'On a supported golden-path version',
    level: 'gold',
  },
];

/**
 * A scorecard as the devex-metrics plugin serves it, with these checks
 * failing; its level follows from them as the devex plugin computes it.
 */
export function scorecard(
  entityRef: string,
  owner: string,
  failing: string[] = [],
): Scorecard {
  const checks = CHECKS.map(c => ({
    id: c.id,
    title: c.title,
    passed: !failing.includes(c.id),
    ...(failing.includes(c.id) ? { reason: `${c.title} is missing` } : {}),
  }));
  let level: string | null = null;
  for (const name of ['bronze', 'silver', 'gold']) {
    const ok = CHECKS.filter(c => c.level === name).every(
      c => !failing.includes(c.id),
    );
    if (!ok) break;
    level = name;
  }
  return {
    entityRef,
    owner,
    checks,
    level,
    passed: checks.filter(c => c.passed).length,
    total: checks.length,
  };
}
