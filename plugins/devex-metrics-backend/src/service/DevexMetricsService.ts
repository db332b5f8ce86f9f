import {
  AuthService,
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  DevexDashboard,
  DevexSnapshot,
  Scorecard,
} from '@internal/backstage-plugin-devex-metrics-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { DevexConfig } from '../config';
import { DevexStore } from '../database/DevexStore';
import {
  computeSnapshot,
  computeSurvey,
  overallStatus,
  surveyPeriodOf,
} from './compute';
import { DevexInstruments } from './instruments';
import { collectEvidence, PagerDutyOnCallClient } from './readinessEvidence';
import { ScaffolderTasksClient } from './ScaffolderTasksClient';
import { scoreEntity } from './scorecard';

const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.annotations',
  'metadata.links',
  'spec.owner',
  'spec.lifecycle',
  'spec.type',
  'spec.target',
  'spec.targets',
];

/** Collects catalog, scaffolder, deployment and survey data into snapshots. */
export class DevexMetricsService {
  private scorecards: Scorecard[] = [];

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
    },
  ) {}

  /** The scorecards of these entities, with what each check looked up. */
  private async score(entities: Entity[]): Promise<{
    scorecards: Scorecard[];
    runbookInDocs: Set<string>;
  }> {
    const evidence = await collectEvidence(entities, this.deps);
    const runbookInDocs = new Set<string>();
    const scorecards = entities.map(e => {
      const ref = stringifyEntityRef(e);
      const found = evidence.get(ref)!;
      if (found.runbookInDocs) runbookInDocs.add(ref);
      return scoreEntity(e, this.deps.config.levels, found);
    });
    return { scorecards, runbookInDocs };
  }

  /** Read with this plugin's own service credentials. */
  private async entities(): Promise<{
    components: Entity[];
    locations: Entity[];
    templates: Entity[];
  }> {
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const { items } = await this.deps.catalog.getEntities(
      {
        filter: [
          { kind: 'Component' },
          { kind: 'Location' },
          { kind: 'Template' },
        ],
        fields: FIELDS,
      },
      { credentials },
    );
    const ofKind = (kind: string) =>
      items.filter(e => e.kind.toLocaleLowerCase('en-US') === kind);
    return {
      components: ofKind('component'),
      locations: ofKind('location'),
      templates: ofKind('template'),
    };
  }

  /** Recomputes everything, stores a snapshot and updates the metrics. */
  async refresh(now = new Date()): Promise<DevexSnapshot> {
    const { config, store } = this.deps;
    const [{ components, locations, templates }, tasks, deployments] =
      await Promise.all([
        this.entities(),
        this.deps.tasks.listTasks(),
        store.listDeployments(),
      ]);
    const { scorecards, runbookInDocs } = await this.score(components);
    const surveyPeriod = surveyPeriodOf(now, config.surveyPeriod);
    const snapshot = computeSnapshot({
      now,
      components,
      locations,
      templates,
      runbookInDocs,
      tasks,
      deployments,
      surveyPeriod,
      surveyAnswers: await store.surveyAnswers(surveyPeriod),
      scorecards,
      thresholds: config.thresholds,
      levels: config.levels,
      environments: config.deployments.environments,
    });
    await store.addSnapshot(snapshot);
    this.scorecards = scorecards;

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
    this.deps.instruments?.update(snapshot);
    this.deps.logger.info(
      `DevEx metrics: ${snapshot.catalog.servicesInCatalog} services, ${snapshot.goldenPath.fromTemplate} from templates, ${tasks.length} scaffolder tasks, overall ${snapshot.overall}`,
    );
    return snapshot;
  }

  /** Scorecards of the last computation (recomputed after a restart). */
  private async currentScorecards(): Promise<Scorecard[]> {
    if (this.scorecards.length === 0) {
      const { components } = await this.entities();
      this.scorecards = (await this.score(components)).scorecards;
    }
    return this.scorecards;
  }

  /** The scorecard of one entity, read with the caller's credentials. */
  async scorecardOf(entity: Entity): Promise<Scorecard> {
    const [scorecard] = (await this.score([entity])).scorecards;
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
