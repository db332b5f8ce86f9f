import {
  AuthService,
  BackstageCredentials,
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  DevexDashboard,
  DevexHistory,
  DevexSnapshot,
  Scorecard,
  ScorecardHistory,
  TeamReadinessDay,
} from '@internal/backstage-plugin-devex-metrics-common';
import { createHash } from 'node:crypto';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { DevexConfig } from '../config';
import { DevexStore } from '../database/DevexStore';
import {
  computeSnapshot,
  computeSurvey,
  overallStatus,
  surveyPeriodOf,
} from './compute';
import {
  dailyMetricsFrom,
  dailyRecordOf,
  daysBefore,
  entityDayOf,
  teamDayOf,
  utcDay,
} from './daily';
import { DevexInstruments } from './instruments';
import { collectEvidence, PagerDutyOnCallClient } from './readinessEvidence';
import { ScaffolderTasksClient } from './ScaffolderTasksClient';
import { sourceTemplateRef } from '@internal/backstage-plugin-golden-paths-common';
import { ScorecardEvidence, scoreEntity } from './scorecard';
import { mapInSlices } from './inSlices';

/**
 * How long every computation's snapshot is kept; the day tables keep one
 * row per day for good.
 */
const SNAPSHOT_RETENTION_DAYS = 30;

const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.annotations',
  'metadata.links',
  'spec.owner',
  'spec.lifecycle',
  'spec.type',
  'spec.target',
  'spec.targets',
];

/** Tells whether an entity changed, without keeping its JSON. */
function entityDigest(entity: Entity): string {
  return createHash('sha256').update(JSON.stringify(entity)).digest('base64');
}

/** Template entities by their ref, for the golden-path-version check. */
function templatesByRef(templates: Entity[]): Map<string, Entity> {
  return new Map(
    templates.map(t => [stringifyEntityRef(t).toLocaleLowerCase('en-US'), t]),
  );
}

/** How long the live recompute waits at most for changing inputs to settle. */
const MAX_UNSETTLED_MS = 5 * 60_000;

/** Collects catalog, scaffolder, deployment and survey data into snapshots. */
export class DevexMetricsService {
  private scorecards: Scorecard[] = [];
  /**
   * What the checks looked up outside the entity (TechDocs runbook, CI
   * workflows, PagerDuty) per entity ref, with the entity as it was then.
   * The live recompute reuses it for unchanged entities; a full refresh
   * looks everything up again. The entity is kept as a digest of its JSON:
   * with tens of thousands of components the JSON itself was megabytes.
   */
  private evidenceCache = new Map<
    string,
    { entity: string; evidence: ScorecardEvidence }
  >();
  /**
   * Inputs a live run found changed but did not compute yet, and since
   * when they have been changing: see `refreshIfChanged`.
   */
  private unsettled: { fingerprint: string; since: number } | undefined;

  constructor(
    private readonly deps: {
      auth: AuthService;
      catalog: CatalogService;
      config: DevexConfig;
      logger: LoggerService;
      store: DevexStore;
      tasks: ScaffolderTasksClient;
      urlReader: UrlReaderService;
      onCall: PagerDutyOnCallClient;
      instruments?: DevexInstruments;
      /** The catalog's change stamp (portal-node's catalogChangeStampReader). */
      catalogChangeStamp?: () => Promise<string>;
    },
  ) {}

  /**
   * The scorecards of these entities, with what each check looked up;
   * `reuse` takes the evidence of entities unchanged since the last lookup
   * from the cache. `templates` (by lower-case ref) are the golden paths as
   * the catalog has them now, never cached: a new template version counts
   * at once.
   */
  private async score(
    entities: Entity[],
    templates: Map<string, Entity>,
    options: { reuse?: boolean; cache?: boolean } = {},
  ): Promise<{
    scorecards: Scorecard[];
    runbookInDocs: Set<string>;
  }> {
    const keepsEvidence = options.reuse || options.cache;
    const keys = await mapInSlices(entities, e => ({
      ref: stringifyEntityRef(e),
      digest: keepsEvidence ? entityDigest(e) : '',
    }));
    const evidence = new Map<string, ScorecardEvidence>();
    const stale: Entity[] = [];
    entities.forEach((e, i) => {
      const { ref, digest } = keys[i];
      const cached = options.reuse ? this.evidenceCache.get(ref) : undefined;
      if (cached && cached.entity === digest) {
        evidence.set(ref, cached.evidence);
      } else {
        stale.push(e);
      }
    });
    if (stale.length > 0) {
      for (const [ref, found] of await collectEvidence(stale, this.deps)) {
        evidence.set(ref, found);
      }
    }
    if (options.cache) {
      this.evidenceCache = new Map(
        keys.map(({ ref, digest }) => [
          ref,
          { entity: digest, evidence: evidence.get(ref)! },
        ]),
      );
    }
    const runbookInDocs = new Set<string>();
    const scorecards = await mapInSlices(entities, (e, i) => {
      const { ref } = keys[i];
      const found = evidence.get(ref)!;
      if (found.runbookInDocs) runbookInDocs.add(ref);
      const templateRef = sourceTemplateRef(e);
      const template = templateRef
        ? templates.get(templateRef.toLocaleLowerCase('en-US')) ?? null
        : undefined;
      return scoreEntity(
        e,
        this.deps.config.levels,
        { ...found, template },
        this.deps.config.goldenPathVersion,
      );
    });
    return { scorecards, runbookInDocs };
  }

  /**
   * What the live recompute compares for the catalog: its change stamp
   * (one small request, moving with any change of any entity) where the
   * catalog answers it, else {@link entityVersions}. Reading 20,000 etags
   * every 30 s was a second of the backend's CPU each time, most of it in
   * the catalog, which parses every entity to pick the fields.
   */
  private async catalogVersion(): Promise<string | string[]> {
    const { catalogChangeStamp, logger } = this.deps;
    if (catalogChangeStamp) {
      try {
        return await catalogChangeStamp();
      } catch (error) {
        logger.debug(
          `No catalog change stamp, comparing entity versions: ${error}`,
        );
      }
    }
    return this.entityVersions();
  }

  /**
   * Which entities there are and their versions (the catalog changes an
   * entity's etag whenever it changes): what the live recompute compares,
   * a fraction of the entities themselves (a few MB every 30 s with tens
   * of thousands of components, and JSON work that held the event loop).
   */
  private async entityVersions(): Promise<string[]> {
    const entities = await this.readCatalog([
      'kind',
      'metadata.name',
      'metadata.namespace',
      'metadata.etag',
    ]);
    return entities
      .map(e => `${stringifyEntityRef(e)}@${e.metadata.etag}`)
      .sort();
  }

  /**
   * Components, locations and templates with these fields, read with this
   * plugin's own service credentials a page at a time: one response of
   * 20,000 components was tens of megabytes built and parsed in one go,
   * holding the event loop of the backend (which also serves the catalog).
   */
  private async readCatalog(fields: string[]): Promise<Entity[]> {
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const entities: Entity[] = [];
    for await (const page of this.deps.catalog.streamEntities(
      {
        filter: [
          { kind: 'Component' },
          { kind: 'Location' },
          { kind: 'Template' },
        ],
        fields,
      },
      { credentials },
    )) {
      entities.push(...page);
    }
    return entities;
  }

  private async entities(): Promise<{
    components: Entity[];
    locations: Entity[];
    templates: Entity[];
  }> {
    const items = await this.readCatalog(FIELDS);
    const ofKind = (kind: string) =>
      items.filter(e => e.kind.toLocaleLowerCase('en-US') === kind);
    return {
      components: ofKind('component'),
      locations: ofKind('location'),
      templates: ofKind('template'),
    };
  }

  /**
   * Recomputes everything, looking every check's evidence up again, stores
   * a snapshot, records the day and updates the metrics.
   */
  async refresh(now = new Date()): Promise<DevexSnapshot> {
    return (await this.compute(now, { live: false }))!;
  }

  /**
   * The live recompute (`devexMetrics.live`, every 30 s by default): reads
   * the catalog, the scaffolder's tasks, deployments and survey answers, and
   * recomputes only when they differ from the latest snapshot's inputs (or
   * a new UTC day began), reusing the looked-up evidence of unchanged
   * entities. Returns the new snapshot, or null when nothing changed.
   *
   * Changed inputs are computed once a run finds them as the run before
   * did: while the catalog is still changing (an ingestion of thousands of
   * entities, relations stitched after it) each recompute, which scores
   * every component, would be stale at the next run, and they held the
   * event loop of the replica serving catalog reads. A change therefore
   * shows after two runs (within a minute at the default 30 s), and after
   * `MAX_UNSETTLED_MS` at the latest when the inputs never stop changing.
   */
  async refreshIfChanged(now = new Date()): Promise<DevexSnapshot | null> {
    return this.compute(now, { live: true });
  }

  private async compute(
    now: Date,
    options: { live: boolean },
  ): Promise<DevexSnapshot | null> {
    const { config, store } = this.deps;
    const surveyPeriod = surveyPeriodOf(now, config.surveyPeriod);
    const [catalogVersion, tasks, deployments, surveyAnswers] =
      await Promise.all([
        this.catalogVersion(),
        this.deps.tasks.listTasks(),
        store.listDeployments(),
        store.surveyAnswers(surveyPeriod),
      ]);
    const fingerprint = createHash('sha256')
      .update(
        JSON.stringify({
          day: utcDay(now),
          surveyPeriod,
          levels: config.levels,
          goldenPathVersion: config.goldenPathVersion,
          entities: catalogVersion,
          tasks,
          deployments,
          answers: surveyAnswers.map(a => [a.userRef, a.score]),
        }),
      )
      .digest('hex');
    if (options.live) {
      if ((await store.latestFingerprint()) === fingerprint) {
        this.unsettled = undefined;
        return null;
      }
      const since = this.unsettled?.since ?? now.getTime();
      if (
        this.unsettled?.fingerprint !== fingerprint &&
        now.getTime() - since < MAX_UNSETTLED_MS
      ) {
        this.unsettled = { fingerprint, since };
        return null;
      }
    }
    this.unsettled = undefined;
    const { components, locations, templates } = await this.entities();
    const { scorecards, runbookInDocs } = await this.score(
      components,
      templatesByRef(templates),
      { reuse: options.live, cache: true },
    );
    const snapshot = computeSnapshot({
      now,
      components,
      locations,
      templates,
      runbookInDocs,
      tasks,
      deployments,
      surveyPeriod,
      surveyAnswers,
      scorecards,
      thresholds: config.thresholds,
      levels: config.levels,
      environments: config.deployments.environments,
    });
    await store.addSnapshot(snapshot, fingerprint);
    this.deps.instruments?.update(snapshot);
    this.scorecards = scorecards;
    await store.recordDay(dailyRecordOf(snapshot, scorecards), now);
    if (!options.live) {
      await store.pruneSnapshots(
        new Date(now.getTime() - SNAPSHOT_RETENTION_DAYS * 86_400_000),
      );
    }

    const fresh = await store.recordFirstDeploys(
      snapshot.timeToFirstDeploy.services.flatMap(s =>
        s.firstDeployAt && s.seconds !== null
          ? [
              {
                entityRef: s.entityRef,
                createdAt: new Date(s.createdAt),
                firstDeployAt: new Date(s.firstDeployAt),
                seconds: s.seconds,
              },
            ]
          : [],
      ),
    );
    for (const f of fresh) this.deps.instruments?.recordFirstDeploy(f.seconds);
    this.deps.logger.info(
      `DevEx metrics${options.live ? ' (inputs changed)' : ''}: ${
        snapshot.catalog.servicesInCatalog
      } services, ${snapshot.goldenPath.fromTemplate} from templates, ${
        tasks.length
      } scaffolder tasks, overall ${snapshot.overall}`,
    );
    return snapshot;
  }

  /** The recorded days of the last `days` days (today included). */
  async history(days: number, now = new Date()): Promise<DevexHistory> {
    const since = daysBefore(utcDay(now), days - 1);
    const [metrics, teams] = await Promise.all([
      this.deps.store.dailyMetrics(since),
      this.deps.store.readinessHistory({
        subjectType: 'team',
        sinceDay: since,
      }),
    ]);
    const byTeam: Record<string, TeamReadinessDay[]> = {};
    for (const row of teams) {
      (byTeam[row.subjectRef] ??= []).push(teamDayOf(row));
    }
    return {
      levels: this.deps.config.levels.map(l => l.name),
      days: dailyMetricsFrom(metrics),
      teams: byTeam,
    };
  }

  /** The recorded readiness of one entity or one team. */
  async scorecardHistory(
    subject: { entityRef: string } | { team: string },
    days: number,
    now = new Date(),
  ): Promise<ScorecardHistory> {
    const sinceDay = daysBefore(utcDay(now), days - 1);
    const levels = this.deps.config.levels.map(l => l.name);
    if ('entityRef' in subject) {
      const rows = await this.deps.store.readinessHistory({
        subjectType: 'entity',
        subjectRef: subject.entityRef,
        sinceDay,
      });
      return {
        kind: 'entity',
        entityRef: subject.entityRef,
        levels,
        days: rows.map(entityDayOf),
      };
    }
    const rows = await this.deps.store.readinessHistory({
      subjectType: 'team',
      subjectRef: subject.team,
      sinceDay,
    });
    return {
      kind: 'team',
      team: subject.team,
      levels,
      days: rows.map(teamDayOf),
    };
  }

  /** Scorecards of the last computation (recomputed after a restart). */
  private async currentScorecards(): Promise<Scorecard[]> {
    if (this.scorecards.length === 0) {
      const { components, templates } = await this.entities();
      this.scorecards = (
        await this.score(components, templatesByRef(templates))
      ).scorecards;
    }
    return this.scorecards;
  }

  /**
   * The scorecard of one entity, read with the caller's credentials; its
   * golden path (Template) is read with them too.
   */
  async scorecardOf(
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<Scorecard> {
    const templateRef = sourceTemplateRef(entity);
    const template = templateRef
      ? await this.deps.catalog.getEntityByRef(templateRef, { credentials })
      : undefined;
    const [scorecard] = (
      await this.score(
        [entity],
        templatesByRef(
          template?.kind.toLocaleLowerCase('en-US') === 'template'
            ? [template]
            : [],
        ),
      )
    ).scorecards;
    return scorecard;
  }

  /** Everything the platform dashboard shows (callers check the permission). */
  async dashboard(now = new Date()): Promise<DevexDashboard> {
    const { store, config } = this.deps;
    let latest = await store.latestSnapshot();
    if (!latest) latest = await this.refresh(now);
    const answers = await store.surveyAnswers();
    const periods = [...new Set(answers.map(a => a.period))].sort();
    const current = surveyPeriodOf(now, config.surveyPeriod);
    // Survey answers count at once, not only from the next computation.
    const survey = computeSurvey(
      current,
      answers.filter(a => a.period === current),
      config.thresholds,
    );
    latest = {
      ...latest,
      survey,
      overall: overallStatus([
        latest.catalog.status,
        latest.goldenPath.status,
        latest.timeToFirstDeploy.status,
        survey.status,
      ]),
    };
    return {
      latest,
      history: await store.history(),
      npsTrend: periods.map(p =>
        computeSurvey(
          p,
          answers.filter(a => a.period === p),
          config.thresholds,
        ),
      ),
      scorecards: await this.currentScorecards(),
      thresholds: config.thresholds,
      comments: answers
        .filter(a => a.period === current && a.comment)
        .map(a => ({
          score: a.score,
          comment: a.comment!,
          answeredAt: a.answeredAt.toISOString(),
        })),
    };
  }
}
