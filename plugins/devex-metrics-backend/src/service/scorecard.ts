import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  Scorecard,
  ScorecardCheckId,
  ScorecardLevel,
  TeamScorecard,
} from '@internal/backstage-plugin-devex-metrics-common';
import {
  SOURCE_TEMPLATE_ANNOTATION,
  TEMPLATE_VERSION_ANNOTATION,
  sourceTemplateRef,
} from '@internal/backstage-plugin-golden-paths-common';
import semver from 'semver';

/** Grafana annotations that name the entity's dashboards. */
const GRAFANA_DASHBOARD_ANNOTATIONS = [
  'grafana/dashboard-selector',
  'grafana/overview-dashboard',
];
/** Annotations that name a CI job or pipeline (not only a repository). */
export const CI_ANNOTATIONS = [
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
  'on-call': 'On-call (PagerDuty)',
  dashboard: 'Dashboard',
  ci: 'CI (GitHub Actions, GitLab, Jenkins, ...)',
  'golden-path': 'Created from a golden path',
  'golden-path-version': 'On a supported golden-path version',
};

/**
 * The outcome of one check; `reason` says why it failed, or why it does not
 * apply. A check that does not apply holds no level back and counts neither
 * as passed nor in the total.
 */
export interface CheckOutcome {
  passed: boolean;
  notApplicable?: boolean;
  reason?: string;
}

/** How the golden-path-version check is configured (`devexMetrics.scorecard.goldenPathVersion`). */
export interface GoldenPathVersionSettings {
  /**
   * How many major versions behind its template's latest a service may be
   * and still pass: 0 accepts the latest major only.
   */
  supportedMajorVersionsBehind: number;
}

/**
 * What the checks cannot see in the entity itself, found by the caller:
 * the runbook page in its TechDocs, the CI workflows in its repository and
 * its PagerDuty service.
 */
export interface ScorecardEvidence {
  runbookInDocs: boolean;
  /** From the repository (`.github/workflows`); unset: not looked up. */
  ci?: CheckOutcome;
  /** From the pagerduty plugin; unset: not asked. */
  onCall?: CheckOutcome;
  /**
   * The Template its `backstage.io/source-template` names, as the catalog
   * has it; null: the catalog has no such template; unset: not looked up.
   */
  template?: Entity | null;
}

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

function isHttpUrl(value: string | undefined): boolean {
  // no `new URL` in a try: a thrown TypeError for every entity without a
  // dashboard URL was a fifth of scoring 20,000 components.
  return !!value && /^https?:\/\//i.test(value) && URL.canParse(value);
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

/** A CI annotation names the CI job: no need to read the repository. */
export function hasCiAnnotation(entity: Entity): boolean {
  return hasAny(entity, CI_ANNOTATIONS);
}

/**
 * Dashboard: a `dashboard` link to an http(s) URL, a Grafana annotation, or
 * a Datadog dashboard URL.
 */
export function dashboardCheck(entity: Entity): CheckOutcome {
  const a = annotations(entity);
  const link = (entity.metadata.links ?? []).some(
    l => l.type?.toLocaleLowerCase('en-US') === 'dashboard' && isHttpUrl(l.url),
  );
  if (
    link ||
    hasAny(entity, GRAFANA_DASHBOARD_ANNOTATIONS) ||
    isHttpUrl(a['datadoghq.com/dashboard-url'])
  ) {
    return { passed: true };
  }
  return {
    passed: false,
    reason:
      'No dashboard: add a link of type "dashboard" to an http(s) URL or a grafana/dashboard-selector annotation',
  };
}

function outcome(passed: boolean, reason: string): CheckOutcome {
  return passed ? { passed } : { passed, reason };
}

/** `2.x`, `1.x or 2.x`, `0.x to 2.x`: the majors from `lowest` to `latest`. */
function majorsText(lowest: number, latest: number): string {
  if (lowest === latest) return `${latest}.x`;
  return `${lowest}.x ${latest - lowest === 1 ? 'or' : 'to'} ${latest}.x`;
}

/**
 * On a supported golden-path version: the service's
 * `acme.io/template-version` is at most `supportedMajorVersionsBehind`
 * majors behind its template's current `acme.io/template-version` (a
 * version ahead of it is not behind, and passes). Does not apply to a
 * service not created from a golden path. Every other case (template gone
 * from the catalog, a version missing or not semver) fails with the reason.
 */
export function goldenPathVersionCheck(
  entity: Entity,
  template: Entity | null | undefined,
  settings: GoldenPathVersionSettings,
): CheckOutcome {
  const source = annotations(entity)[SOURCE_TEMPLATE_ANNOTATION]?.trim();
  if (!source) {
    return {
      passed: true,
      notApplicable: true,
      reason:
        'Not created from a golden path (no backstage.io/source-template annotation), so there is no golden-path version to keep up to date',
    };
  }
  const ref = sourceTemplateRef(entity);
  if (!ref) {
    return {
      passed: false,
      reason: `Its backstage.io/source-template annotation ("${source}") does not name a template`,
    };
  }
  const { name } = parseEntityRef(ref);
  if (template === undefined) {
    return {
      passed: false,
      reason: `The golden path ${name} was not looked up`,
    };
  }
  if (template === null) {
    return {
      passed: false,
      reason: `Created from ${name}, a golden path the catalog no longer has, so no version of it is supported`,
    };
  }
  const title = template.metadata.title?.trim() || template.metadata.name;
  const latestValue =
    annotations(template)[TEMPLATE_VERSION_ANNOTATION]?.trim();
  const latest = semver.parse(latestValue);
  if (!latest) {
    return {
      passed: false,
      reason: latestValue
        ? `The golden path ${title} gives its latest version as "${latestValue}" (${TEMPLATE_VERSION_ANNOTATION}), which is not a semantic version; its owners need to fix it`
        : `The golden path ${title} does not give its latest version (no ${TEMPLATE_VERSION_ANNOTATION} annotation on the template); its owners need to add it`,
    };
  }
  const lowestMajor = Math.max(
    0,
    latest.major - settings.supportedMajorVersionsBehind,
  );
  const supported = `supported: ${majorsText(
    lowestMajor,
    latest.major,
  )} (latest ${latest.version})`;
  const value = annotations(entity)[TEMPLATE_VERSION_ANNOTATION]?.trim();
  if (!value) {
    return {
      passed: false,
      reason: `Created from ${title}, but the version is not recorded (no ${TEMPLATE_VERSION_ANNOTATION} annotation); ${supported}`,
    };
  }
  const version = semver.parse(value);
  if (!version) {
    return {
      passed: false,
      reason: `On ${title} "${value}", which is not a semantic version (${TEMPLATE_VERSION_ANNOTATION}); ${supported}`,
    };
  }
  if (version.major >= lowestMajor) return { passed: true };
  return {
    passed: false,
    reason: `On ${title} ${version.version}; ${supported}. Open the golden path card for the upgrade.`,
  };
}

/** Runs every check on one entity. */
export function evaluateChecks(
  entity: Entity,
  evidence: ScorecardEvidence,
  settings: GoldenPathVersionSettings,
): Record<ScorecardCheckId, CheckOutcome> {
  const owner = ownerRef(entity);
  const lifecycle = (entity.spec as { lifecycle?: unknown } | undefined)
    ?.lifecycle;
  return {
    'owner-is-group': outcome(
      owner !== null && owner.startsWith('group:'),
      owner ? `Owned by ${owner}, not by a team (Group)` : 'No owner',
    ),
    lifecycle: outcome(
      typeof lifecycle === 'string' && lifecycle.trim() !== '',
      'No spec.lifecycle',
    ),
    techdocs: outcome(
      hasTechDocs(entity),
      'No TechDocs (backstage.io/techdocs-ref annotation)',
    ),
    runbook: outcome(
      hasRunbook(entity, evidence.runbookInDocs),
      'No runbook: no link of type "runbook" and no docs/runbook.md in its TechDocs',
    ),
    'on-call': evidence.onCall ?? {
      passed: false,
      reason: 'PagerDuty was not asked',
    },
    dashboard: dashboardCheck(entity),
    ci: hasCiAnnotation(entity)
      ? { passed: true }
      : evidence.ci ?? {
          passed: false,
          reason: 'No CI annotation and no workflow in .github/workflows',
        },
    'golden-path': outcome(
      hasAny(entity, [SOURCE_TEMPLATE_ANNOTATION]),
      'Not created from a golden path (no backstage.io/source-template annotation)',
    ),
    'golden-path-version': goldenPathVersionCheck(
      entity,
      evidence.template,
      settings,
    ),
  };
}

const checksOfLevels = new WeakMap<ScorecardLevel[], ScorecardCheckId[]>();

/** The checks the levels use, once per configuration (not per entity). */
function checksOf(levels: ScorecardLevel[]): ScorecardCheckId[] {
  let checks = checksOfLevels.get(levels);
  if (!checks) {
    checks = [...new Set(levels.flatMap(l => l.checks))];
    checksOfLevels.set(levels, checks);
  }
  return checks;
}

/**
 * The scorecard of one entity with the configured levels. A check that does
 * not apply to it holds no level back and is left out of `passed` and
 * `total`, so it neither lowers nor raises its score.
 */
export function scoreEntity(
  entity: Entity,
  levels: ScorecardLevel[],
  evidence: ScorecardEvidence,
  settings: GoldenPathVersionSettings,
): Scorecard {
  const results = evaluateChecks(entity, evidence, settings);
  const used = checksOf(levels);
  let level: string | null = null;
  for (const l of levels) {
    if (!l.checks.every(c => results[c].passed)) break;
    level = l.name;
  }
  const checks = used.map(id => {
    const { passed, notApplicable, reason } = results[id];
    if (notApplicable) {
      return { id, title: TITLES[id], passed, notApplicable, reason };
    }
    return { id, title: TITLES[id], passed, ...(passed ? {} : { reason }) };
  });
  const applicable = checks.filter(c => !c.notApplicable);
  return {
    entityRef: stringifyEntityRef(entity),
    owner: ownerRef(entity),
    checks,
    level,
    passed: applicable.filter(c => c.passed).length,
    total: applicable.length,
  };
}

/** The scorecards per owner ref ("none" for entities without an owner). */
export function scorecardsByOwner(
  scorecards: Scorecard[],
): Map<string, Scorecard[]> {
  const byOwner = new Map<string, Scorecard[]>();
  for (const s of scorecards) {
    const owner = s.owner ?? 'none';
    const cards = byOwner.get(owner);
    if (cards) cards.push(s);
    else byOwner.set(owner, [s]);
  }
  return byOwner;
}

/** Per owner: how many of its entities reach each level, and its score. */
export function rollUpByTeam(
  scorecards: Scorecard[],
  levels: ScorecardLevel[],
): TeamScorecard[] {
  return [...scorecardsByOwner(scorecards).entries()]
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
