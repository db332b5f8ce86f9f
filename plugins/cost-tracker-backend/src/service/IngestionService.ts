import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotificationService } from '@backstage/plugin-notifications-node';
import fs from 'fs/promises';
import path from 'path';
import { CostStore } from '../database/CostStore';
import {
  ANNOTATION_COST_TAG,
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
  ANNOTATION_KUBERNETES_NAMESPACE,
  ANNOTATION_MONTHLY_BUDGET,
  ENTITY_FIELDS,
  EntityIndex,
} from '../ingestion/EntityIndex';
import { readFocusExport } from '../ingestion/focus';
import { allocationsToRows, fetchAllocations } from '../ingestion/opencost';
import { CostTrackerConfig } from './config';
import { addDays, toDay } from './window';

/** Runs the ingestion of OpenCost and FOCUS exports, then checks budgets. */
export class IngestionService {
  constructor(
    private readonly deps: {
      store: CostStore;
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      notifications: NotificationService;
      config: CostTrackerConfig;
      now?: () => Date;
    },
  ) {}

  private now() {
    return this.deps.now ? this.deps.now() : new Date();
  }

  /** Catalog entities that carry any annotation a cost can map through. */
  async loadEntities(): Promise<Entity[]> {
    const { items } = await this.deps.catalog.getEntities(
      {
        filter: [
          ANNOTATION_KUBERNETES_ID,
          ANNOTATION_KUBERNETES_LABEL_SELECTOR,
          ANNOTATION_KUBERNETES_NAMESPACE,
          ANNOTATION_COST_TAG,
          ANNOTATION_MONTHLY_BUDGET,
        ].map(a => ({ [`metadata.annotations.${a}`]: CATALOG_FILTER_EXISTS })),
        fields: ENTITY_FIELDS,
      },
      { credentials: await this.deps.auth.getOwnServiceCredentials() },
    );
    return items;
  }

  private index(entities: Entity[]) {
    const { opencost, focus } = this.deps.config;
    return new EntityIndex(entities, {
      labelKey: (opencost?.aggregate ?? 'label:app').replace(/^label:/, ''),
      defaultTagKey: focus.defaultTagKey,
    });
  }

  /**
   * Ingests the last `lookbackDays` days from OpenCost. On failure the stored
   * rows stay as they are and the failure is logged and kept as status.
   */
  async ingestOpenCost(): Promise<void> {
    const { opencost } = this.deps.config;
    if (!opencost) {
      return;
    }
    const at = this.now();
    const to = toDay(at);
    const from = addDays(to, -(opencost.lookbackDays - 1));
    try {
      const entities = await this.loadEntities();
      const allocations = await fetchAllocations({
        baseUrl: opencost.baseUrl,
        aggregate: opencost.aggregate,
        from,
        to,
      });
      const { rows, unallocated } = allocationsToRows({
        allocations,
        aggregate: opencost.aggregate,
        index: this.index(entities),
      });
      // The window's rows replace what the last run stored for it, so an
      // allocation that moved to another entity is not counted twice.
      await this.deps.store.replaceSource({
        source: 'opencost',
        from,
        to,
        rows,
        unallocated: unallocated.rows,
      });
      const message = `${from}..${to}: ${rows.length} daily rows from ${
        allocations.length
      } allocations${
        unallocated.names.length
          ? `; not allocated to an entity: ${unallocated.names.join(
              ', ',
            )} (${unallocated.amount.toFixed(2)} ${this.deps.config.currency})`
          : ''
      }`;
      await this.deps.store.setStatus({
        source: 'opencost',
        status: 'ok',
        message,
        rowsIngested: rows.length,
        at,
      });
      this.deps.logger.info(`OpenCost ingestion ${message}`);
      await this.checkBudgets(entities);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.deps.logger.error(`OpenCost ingestion failed: ${message}`);
      await this.deps.store.setStatus({
        source: 'opencost',
        status: 'failed',
        message,
        rowsIngested: 0,
        at,
      });
    }
  }

  /**
   * Ingests every `*.csv` in the configured FOCUS directories. Each file is
   * its own source, so re-reading a file replaces its rows and never adds
   * to them. Bad rows are rejected with their line number; the rest is kept.
   */
  async ingestFocus(): Promise<void> {
    const { focus } = this.deps.config;
    const entities = await this.loadEntities();
    const index = this.index(entities);
    for (const directory of focus.directories) {
      let names: string[];
      try {
        names = (await fs.readdir(directory))
          .filter(n => n.toLocaleLowerCase('en-US').endsWith('.csv'))
          .sort();
      } catch (error) {
        this.deps.logger.error(
          `FOCUS directory ${directory} cannot be read: ${error}`,
        );
        await this.deps.store.setStatus({
          source: `focus-directory:${directory}`,
          status: 'failed',
          message: String(error),
          rowsIngested: 0,
          at: this.now(),
        });
        continue;
      }
      for (const name of names) {
        await this.ingestFocusFile(path.join(directory, name), index);
      }
    }
    await this.checkBudgets(entities);
  }

  /** Ingests one FOCUS file; exported for tests and the benchmark. */
  async ingestFocusFile(file: string, index?: EntityIndex): Promise<void> {
    const at = this.now();
    const source = `focus:${path.basename(file)}`;
    try {
      const text = await fs.readFile(file, 'utf8');
      const result = readFocusExport({
        text,
        source,
        file: path.basename(file),
        index: index ?? this.index(await this.loadEntities()),
        currency: this.deps.config.currency,
      });
      // The file's rows replace everything it held before: a re-read file
      // never adds to itself, and rows that left it are gone.
      await this.deps.store.replaceSource({
        source,
        rows: result.rows,
        unallocated: result.unallocatedRows,
      });
      const rejected = result.rejections.length;
      const { currency } = this.deps.config;
      const message = `${result.accepted} rows read into ${
        result.rows.length
      } daily rows${result.notes.length ? `; ${result.notes.join('; ')}` : ''}${
        result.allocatedCharges
          ? `; ${result.allocatedCharges} split-cost allocated charges`
          : ''
      }${
        result.corrections.rows
          ? `; ${
              result.corrections.rows
            } Correction rows (${result.corrections.amount.toFixed(
              2,
            )} ${currency}) applied to the periods they correct`
          : ''
      }${
        rejected
          ? `; ${rejected} rejected (${result.rejections
              .slice(0, 5)
              .map(r => `line ${r.line}: ${r.reason}`)
              .join('; ')}${rejected > 5 ? '; ...' : ''})`
          : ''
      }${
        result.unallocated.rows
          ? `; ${
              result.unallocated.rows
            } rows (${result.unallocated.amount.toFixed(
              2,
            )} ${currency}) not claimed by any entity, kept as unallocated`
          : ''
      }`;
      await this.deps.store.setStatus({
        source,
        status: rejected ? 'partial' : 'ok',
        message,
        rowsIngested: result.rows.length,
        rejections: result.rejections,
        at,
      });
      (rejected ? this.deps.logger.warn : this.deps.logger.info).call(
        this.deps.logger,
        `FOCUS ${file}: ${message}`,
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.deps.logger.error(`FOCUS ${file} not ingested: ${message}`);
      await this.deps.store.setStatus({
        source,
        status: 'failed',
        message,
        rowsIngested: 0,
        at,
      });
    }
  }

  /** Budgets from the `acme.io/monthly-budget` annotation and from config. */
  private budgets(entities: Entity[]): Map<string, number> {
    const budgets = new Map<string, number>();
    for (const entity of entities) {
      const value = entity.metadata.annotations?.[ANNOTATION_MONTHLY_BUDGET];
      const amount = Number(value);
      if (value !== undefined && Number.isFinite(amount) && amount > 0) {
        budgets.set(
          stringifyEntityRef(entity).toLocaleLowerCase('en-US'),
          amount,
        );
      } else if (value !== undefined) {
        this.deps.logger.warn(
          `Ignoring ${ANNOTATION_MONTHLY_BUDGET} '${value}' of ${stringifyEntityRef(
            entity,
          )}: not a positive number`,
        );
      }
    }
    for (const b of this.deps.config.budgets) {
      budgets.set(b.entityRef, b.monthly);
    }
    return budgets;
  }

  /**
   * Notifies the owner of every entity whose month-to-date cost is above its
   * monthly budget, once per entity and month.
   */
  async checkBudgets(entities?: Entity[]): Promise<void> {
    const all = entities ?? (await this.loadEntities());
    const budgets = this.budgets(all);
    if (budgets.size === 0) {
      return;
    }
    const today = toDay(this.now());
    const period = today.slice(0, 7);
    const spent = await this.deps.store.totalsByEntity({
      from: `${period}-01`,
      to: today,
      entityRefs: [...budgets.keys()],
    });
    const byRef = new Map(
      all.map(e => [stringifyEntityRef(e).toLocaleLowerCase('en-US'), e]),
    );
    for (const { entityRef, amount } of spent) {
      const budget = budgets.get(entityRef)!;
      if (amount <= budget) {
        continue;
      }
      const owner =
        (byRef.get(entityRef)?.spec?.owner as string | undefined) ?? undefined;
      if (!owner) {
        this.deps.logger.warn(
          `${entityRef} is over its budget but has no owner to notify`,
        );
        continue;
      }
      const claimed = await this.deps.store.claimBudgetAlert({
        entityRef,
        period,
        budget,
        spent: amount,
      });
      if (!claimed) {
        continue;
      }
      const ownerRef = stringifyEntityRef(
        parseEntityRef(owner, {
          defaultKind: 'group',
          defaultNamespace: 'default',
        }),
      );
      const { kind, namespace, name } = parseEntityRef(entityRef);
      const { currency } = this.deps.config;
      try {
        await this.deps.notifications.send({
          recipients: { type: 'entity', entityRef: ownerRef },
          payload: {
            title: `${name} is over its monthly budget`,
            description: `${entityRef} has cost ${amount.toFixed(
              2,
            )} ${currency} in ${period}, above its budget of ${budget.toFixed(
              2,
            )} ${currency}.`,
            link: `/catalog/${namespace}/${kind}/${name}`,
            severity: 'high',
            topic: 'cost-budget',
          },
        });
        this.deps.logger.info(
          `Budget of ${entityRef} crossed in ${period}; notified ${ownerRef}`,
        );
      } catch (error) {
        await this.deps.store.releaseBudgetAlert(entityRef, period);
        this.deps.logger.error(
          `Budget notification for ${entityRef} not sent: ${error}`,
        );
      }
    }
  }
}
