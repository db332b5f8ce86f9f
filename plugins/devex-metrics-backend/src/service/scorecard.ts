import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  Scorecard,
  TeamScorecard,
} from '@internal/backstage-plugin-devex-metrics-common';
import type { ScorecardLevel } from '../config';

export const SCORECARD_CHECK_IDS = [
  'owner-is-group',
  'lifecycle',
  'techdocs',
  'runbook',
  'on-call',
  'dashboard',
  'ci',
  'golden-path',
] as const;

export type ScorecardCheckId = (typeof SCORECARD_CHECK_IDS)[number];

/** The annotation the golden paths write (templates/*\/skeleton/catalog-info.yaml). */
export const SOURCE_TEMPLATE_ANNOTATION = 'backstage.io/source-template';

const ON_CALL_ANNOTATIONS = [
  'pagerduty.com/integration-key',
  'pagerduty.com/service-id',
  'opsgenie.com/component-selector',
];
const DASHBOARD_ANNOTATIONS = [
  'grafana/dashboard-selector',
  'grafana/overview-dashboard',
  'datadoghq.com/dashboard-url',
];
const CI_ANNOTATIONS = [
  'github.com/project-slug',
  'gitlab.com/project-slug',
  'jenkins.io/job-full-name',
  'circleci.com/project-slug',
  'dev.azure.com/project-repo',
];

const TITLES: Record<ScorecardCheckId, string> = {
  'owner-is-group': 'Owned by a team (Group)',
  lifecycle: 'Lifecycle set',
  techdocs: 'TechDocs',
  runbook: 'Runbook',
  'on-call': 'On-call integration (PagerDuty/Opsgenie)',
  dashboard: 'Dashboard',
  ci: 'CI (GitHub Actions, GitLab, Jenkins, ...)',
  'golden-path': 'Created from a golden path',
};

function annotations(entity: Entity): Record<string, string> {
  return entity.metadata.annotations ?? {};
}

function hasAny(entity: Entity, keys: string[]): boolean {
  const a = annotations(entity);
  return keys.some(k => Boolean(a[k]?.trim()));
}

function hasLink(entity: Entity, type: string): boolean {
  return (entity.metadata.links ?? []).some(
    l => l.type?.toLocaleLowerCase('en-US') === type,
  );
}

/** The owner's full ref, or null when the entity has none. */
export function ownerRef(entity: Entity): string | null {
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner !== 'string' || !owner.trim()) return null;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return null;
  }
}

export function hasTechDocs(entity: Entity): boolean {
  return hasAny(entity, [
    'backstage.io/techdocs-ref',
    'backstage.io/techdocs-entity',
  ]);
}

/**
 * Runbook: a link of type `runbook`, or a `docs/runbook.md` page in the
 * entity's TechDocs (found by the caller, `runbookInDocs`).
 */
export function hasRunbook(entity: Entity, runbookInDocs: boolean): boolean {
  return hasLink(entity, 'runbook') || runbookInDocs;
}

/** Runs every check on one entity. */
export function evaluateChecks(
  entity: Entity,
  runbookInDocs: boolean,
): Record<ScorecardCheckId, boolean> {
  const owner = ownerRef(entity);
  const lifecycle = (entity.spec as { lifecycle?: unknown } | undefined)
    ?.lifecycle;
  return {
    'owner-is-group': owner !== null && owner.startsWith('group:'),
    lifecycle: typeof lifecycle === 'string' && lifecycle.trim() !== '',
    techdocs: hasTechDocs(entity),
    runbook: hasRunbook(entity, runbookInDocs),
    'on-call': hasAny(entity, ON_CALL_ANNOTATIONS),
    dashboard:
      hasAny(entity, DASHBOARD_ANNOTATIONS) || hasLink(entity, 'dashboard'),
    ci: hasAny(entity, CI_ANNOTATIONS),
    'golden-path': hasAny(entity, [SOURCE_TEMPLATE_ANNOTATION]),
  };
}

/** The scorecard of one entity with the configured levels. */
export function scoreEntity(
  entity: Entity,
  levels: ScorecardLevel[],
  runbookInDocs: boolean,
): Scorecard {
  const results = evaluateChecks(entity, runbookInDocs);
  const used = [...new Set(levels.flatMap(l => l.checks))];
  let level: string | null = null;
  for (const l of levels) {
    if (!l.checks.every(c => results[c])) break;
    level = l.name;
  }
  const checks = used.map(id => ({
    id,
    title: TITLES[id],
    passed: results[id],
  }));
  return {
    entityRef: stringifyEntityRef(entity),
    owner: ownerRef(entity),
    checks,
    level,
    passed: checks.filter(c => c.passed).length,
    total: checks.length,
  };
}

/** Per owner: how many of its entities reach each level, and its score. */
export function rollUpByTeam(
  scorecards: Scorecard[],
  levels: ScorecardLevel[],
): TeamScorecard[] {
  const teams = new Map<string, Scorecard[]>();
  for (const s of scorecards) {
    const owner = s.owner ?? 'none';
    teams.set(owner, [...(teams.get(owner) ?? []), s]);
  }
  return [...teams.entries()]
    .map(([owner, cards]) => {
      const counts: Record<string, number> = { none: 0 };
      for (const l of levels) counts[l.name] = 0;
      for (const c of cards) counts[c.level ?? 'none'] += 1;
      const passed = cards.reduce((n, c) => n + c.passed, 0);
      const total = cards.reduce((n, c) => n + c.total, 0);
      return {
        owner,
        services: cards.length,
        levels: counts,
        scorePercent: total === 0 ? 0 : round1((passed / total) * 100),
      };
    })
    .sort((a, b) => a.owner.localeCompare(b.owner));
}

export function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
