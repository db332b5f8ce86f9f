import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  CatalogCoverage,
  DevexSnapshot,
  FirstDeploy,
  GoldenPathAdoption,
  HealthStatus,
  Scorecard,
  SurveyResult,
  TemplateExecutions,
  TimeToFirstDeploy,
} from '@internal/backstage-plugin-devex-metrics-common';
import type { ScorecardLevel } from '@internal/backstage-plugin-devex-metrics-common';
import type { Thresholds } from '../config';
import { SOURCE_TEMPLATE_ANNOTATION } from '@internal/backstage-plugin-golden-paths-common';
import { rollUpByTeam, round1 } from './scorecard';
import { hasRunbook, hasTechDocs, ownerRef } from './scorecard';
import { DeploymentEvent, ScaffolderTaskSummary, SurveyAnswer } from './types';

export const PROJECT_SLUG_ANNOTATION = 'github.com/project-slug';

/** What `repositoriesDiscovered` counts; shown on the dashboard. */
export const REPOSITORIES_SOURCE =
  'distinct repositories of url Locations (GitHub discovery, registered repos) and github.com/project-slug annotations';

function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : round1((part / whole) * 100);
}

/** Higher is better: healthy above `target`, unhealthy below `alarm`. */
export function statusAbove(
  value: number | null,
  target: number,
  alarm: number,
): HealthStatus {
  if (value === null) return 'unknown';
  if (value > target) return 'healthy';
  if (value < alarm) return 'unhealthy';
  return 'warning';
}

/** `owner/name` of a GitHub-like repository URL, lower-cased, or undefined. */
export function repositoryOfUrl(target: string): string | undefined {
  const m = target
    .replace(/^url:/, '')
    .match(/^https?:\/\/[^/]+\/([^/]+)\/([^/#?]+)/);
  if (!m) return undefined;
  return `${m[1]}/${m[2].replace(/\.git$/, '')}`.toLocaleLowerCase('en-US');
}

export function repositoryOfEntity(entity: Entity): string | undefined {
  const slug = entity.metadata.annotations?.[PROJECT_SLUG_ANNOTATION]?.trim();
  if (slug) return slug.toLocaleLowerCase('en-US');
  const source =
    entity.metadata.annotations?.['backstage.io/source-location'] ??
    entity.metadata.annotations?.['backstage.io/managed-by-location'];
  return source ? repositoryOfUrl(source) : undefined;
}

function locationTargets(location: Entity): string[] {
  const spec = (location.spec ?? {}) as {
    type?: string;
    target?: string;
    targets?: string[];
  };
  if (spec.type && spec.type !== 'url') return [];
  return [
    ...(spec.target ? [spec.target] : []),
    ...(Array.isArray(spec.targets) ? spec.targets : []),
  ];
}

export function computeCatalogCoverage(options: {
  components: Entity[];
  locations: Entity[];
  runbookInDocs: Set<string>;
  thresholds: Thresholds;
}): CatalogCoverage {
  const { components, locations, thresholds } = options;
  const repos = new Set<string>();
  for (const location of locations) {
    for (const target of locationTargets(location)) {
      const repo = repositoryOfUrl(target);
      if (repo) repos.add(repo);
    }
  }
  const withComponent = new Set<string>();
  for (const component of components) {
    const repo = repositoryOfEntity(component);
    if (repo) {
      repos.add(repo);
      withComponent.add(repo);
    }
  }
  const n = components.length;
  const coveragePercent = percent(withComponent.size, repos.size);
  return {
    servicesInCatalog: n,
    repositoriesDiscovered: repos.size,
    repositoriesSource: REPOSITORIES_SOURCE,
    coveragePercent,
    withOwnerPercent: percent(
      components.filter(c => ownerRef(c)?.startsWith('group:')).length,
      n,
    ),
    withTechDocsPercent: percent(components.filter(hasTechDocs).length, n),
    withRunbookPercent: percent(
      components.filter(c =>
        hasRunbook(c, options.runbookInDocs.has(stringifyEntityRef(c))),
      ).length,
      n,
    ),
    status: statusAbove(
      coveragePercent,
      thresholds.catalogCoveragePercent,
      thresholds.unhealthyAdoptionPercent,
    ),
  };
}

function normalizeTemplateRef(ref: string): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, {
        defaultKind: 'template',
        defaultNamespace: 'default',
      }),
    );
  } catch {
    return ref.toLocaleLowerCase('en-US');
  }
}

export function computeGoldenPath(options: {
  components: Entity[];
  /** Template entities: listed with zero executions until they run. */
  templates?: Entity[];
  tasks: ScaffolderTaskSummary[];
  thresholds: Thresholds;
}): GoldenPathAdoption {
  const { components, tasks, thresholds } = options;
  const fromTemplate = components.filter(c =>
    Boolean(c.metadata.annotations?.[SOURCE_TEMPLATE_ANNOTATION]?.trim()),
  ).length;
  const byTemplate = new Map<string, TemplateExecutions>();
  for (const t of options.templates ?? []) {
    const template = stringifyEntityRef(t);
    byTemplate.set(template, {
      template,
      completed: 0,
      failed: 0,
      cancelled: 0,
      other: 0,
    });
  }
  for (const task of tasks) {
    const template = normalizeTemplateRef(task.templateRef);
    const row = byTemplate.get(template) ?? {
      template,
      completed: 0,
      failed: 0,
      cancelled: 0,
      other: 0,
    };
    if (task.status === 'completed') row.completed += 1;
    else if (task.status === 'failed') row.failed += 1;
    else if (task.status === 'cancelled') row.cancelled += 1;
    else row.other += 1;
    byTemplate.set(template, row);
  }
  const adoptionPercent = percent(fromTemplate, components.length);
  return {
    fromTemplate,
    adoptionPercent,
    executions: [...byTemplate.values()].sort((a, b) =>
      a.template.localeCompare(b.template),
    ),
    status: statusAbove(
      adoptionPercent,
      thresholds.goldenPathAdoptionPercent,
      thresholds.unhealthyAdoptionPercent,
    ),
  };
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * For each component created from a template: the completed scaffolder task
 * that created it (same template, `name` parameter equal to the entity
 * name; the earliest if several), and the first successful deployment at or
 * after that task (by entity ref or by repository).
 */
export function computeTimeToFirstDeploy(options: {
  components: Entity[];
  tasks: ScaffolderTaskSummary[];
  deployments: DeploymentEvent[];
  environments?: string[];
  thresholds: Thresholds;
}): TimeToFirstDeploy {
  const { components, tasks, deployments, thresholds } = options;
  const successes = deployments.filter(
    d =>
      d.status === 'success' &&
      (!options.environments || options.environments.includes(d.environment)),
  );
  const services: FirstDeploy[] = [];
  for (const component of components) {
    const template =
      component.metadata.annotations?.[SOURCE_TEMPLATE_ANNOTATION];
    if (!template) continue;
    const wanted = normalizeTemplateRef(template);
    const creating = tasks
      .filter(
        t =>
          t.status === 'completed' &&
          t.serviceName === component.metadata.name &&
          normalizeTemplateRef(t.templateRef) === wanted,
      )
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))[0];
    if (!creating) continue;
    const createdAt = new Date(creating.createdAt);
    const ref = stringifyEntityRef(component);
    const repo = repositoryOfEntity(component);
    const first = successes
      .filter(
        d =>
          (d.entityRef?.toLocaleLowerCase('en-US') === ref ||
            (repo !== undefined &&
              d.repository?.toLocaleLowerCase('en-US') === repo)) &&
          d.deployedAt.getTime() >= createdAt.getTime(),
      )
      .sort((a, b) => a.deployedAt.getTime() - b.deployedAt.getTime())[0];
    services.push({
      entityRef: ref,
      createdAt: createdAt.toISOString(),
      firstDeployAt: first ? first.deployedAt.toISOString() : null,
      seconds: first
        ? (first.deployedAt.getTime() - createdAt.getTime()) / 1000
        : null,
    });
  }
  const deployed = services.flatMap(s =>
    s.seconds === null ? [] : [s.seconds],
  );
  const medianSeconds = median(deployed);
  let status: HealthStatus = 'unknown';
  if (medianSeconds !== null) {
    const hours = medianSeconds / 3600;
    if (hours < thresholds.timeToFirstDeployHours) status = 'healthy';
    else if (hours > thresholds.unhealthyTimeToFirstDeployHours)
      status = 'unhealthy';
    else status = 'warning';
  }
  return {
    medianSeconds,
    deployed: deployed.length,
    pending: services.length - deployed.length,
    services,
    status,
  };
}

/** NPS = % promoters (9-10) - % detractors (0-6), rounded to an integer. */
export function computeSurvey(
  period: string,
  answers: Pick<SurveyAnswer, 'score'>[],
  thresholds: Thresholds,
): SurveyResult {
  const promoters = answers.filter(a => a.score >= 9).length;
  const detractors = answers.filter(a => a.score <= 6).length;
  const n = answers.length;
  const nps = n === 0 ? null : Math.round(((promoters - detractors) / n) * 100);
  let status: HealthStatus = 'unknown';
  if (nps !== null) {
    if (nps > thresholds.nps) status = 'healthy';
    else if (nps < thresholds.unhealthyNps) status = 'unhealthy';
    else status = 'warning';
  }
  return {
    period,
    responses: n,
    promoters,
    passives: n - promoters - detractors,
    detractors,
    nps,
    status,
  };
}

export function overallStatus(statuses: HealthStatus[]): HealthStatus {
  if (statuses.includes('unhealthy')) return 'unhealthy';
  const known = statuses.filter(s => s !== 'unknown');
  if (known.length === 0) return 'unknown';
  return known.every(s => s === 'healthy') ? 'healthy' : 'warning';
}

export function computeSnapshot(options: {
  now: Date;
  components: Entity[];
  locations: Entity[];
  templates?: Entity[];
  runbookInDocs: Set<string>;
  tasks: ScaffolderTaskSummary[];
  deployments: DeploymentEvent[];
  surveyPeriod: string;
  surveyAnswers: Pick<SurveyAnswer, 'score'>[];
  scorecards: Scorecard[];
  thresholds: Thresholds;
  levels: ScorecardLevel[];
  environments?: string[];
}): DevexSnapshot {
  const catalog = computeCatalogCoverage(options);
  const goldenPath = computeGoldenPath(options);
  const timeToFirstDeploy = computeTimeToFirstDeploy(options);
  const survey = computeSurvey(
    options.surveyPeriod,
    options.surveyAnswers,
    options.thresholds,
  );
  return {
    computedAt: options.now.toISOString(),
    catalog,
    goldenPath,
    timeToFirstDeploy,
    survey,
    levels: options.levels.map(l => l.name),
    teams: rollUpByTeam(options.scorecards, options.levels),
    overall: overallStatus([
      catalog.status,
      goldenPath.status,
      timeToFirstDeploy.status,
      survey.status,
    ]),
  };
}

/** `2026-Q4` (quarter) or `2026-11` (month), UTC. */
export function surveyPeriodOf(
  date: Date,
  period: 'month' | 'quarter',
): string {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth();
  return period === 'month'
    ? `${y}-${String(m + 1).padStart(2, '0')}`
    : `${y}-Q${Math.floor(m / 3) + 1}`;
}
