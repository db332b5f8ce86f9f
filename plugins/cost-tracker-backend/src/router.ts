import { HttpAuthService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  COST_CATEGORIES,
  CostBasis,
  CostBreakdown,
  CostBudget,
  CostCategory,
  DailyCost,
  EntityCost,
  IngestionStatusList,
  OrganizationCost,
  OwnerCost,
  TopSpenders,
} from '@internal/backstage-plugin-cost-tracker-common';
import { parseInput } from '@internal/backstage-plugin-portal-node';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod/v3';
import { CostStore } from './database/CostStore';
import { ANNOTATION_MONTHLY_BUDGET } from './ingestion/EntityIndex';
import { resolveRollup, ROLLUP_KINDS } from './service/CatalogRelations';
import { CostTrackerConfig } from './service/config';
import { allocate, Ownership } from './service/Organization';
import { addDays, daysBetween, eachDay, toDay } from './service/window';

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day as YYYY-MM-DD')
  .refine(d => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'not a real day');

/** `effective` (FOCUS EffectiveCost, the default) or `billed` (BilledCost). */
const cost = z.enum(['effective', 'billed']).default('effective');

const windowSchema = z
  .object({ from: day.optional(), to: day.optional(), cost })
  .refine(w => !w.from || !w.to || w.from <= w.to, {
    message: "'from' must not be after 'to'",
  })
  .refine(w => !w.from || !w.to || daysBetween(w.from, w.to) <= 366, {
    message: 'a window is at most 366 days',
  });

const topSchema = z.object({
  from: day.optional(),
  to: day.optional(),
  kind: z
    .string()
    .regex(/^[a-zA-Z][a-zA-Z0-9-]*$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(10),
  cost,
});

/** Default window: the 30 days ending today (UTC). */
function resolveWindow(w: { from?: string; to?: string }, now: Date) {
  const to = w.to ?? (w.from ? addDays(w.from, 29) : toDay(now));
  const from = w.from ?? addDays(to, -29);
  if (from > to || daysBetween(from, to) > 366) {
    throw new InputError('the window must be 1 to 366 days, from <= to');
  }
  return { from, to };
}

const emptyBreakdown = (): CostBreakdown => ({
  compute: 0,
  storage: 0,
  network: 0,
  other: 0,
});
const round = (n: number) => Math.round(n * 100) / 100;

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  catalog: CatalogService;
  store: CostStore;
  config: CostTrackerConfig;
  now?: () => Date;
}): Promise<express.Router> {
  const { httpAuth, catalog, store, config } = options;
  const now = () => (options.now ? options.now() : new Date());
  const router = Router();
  router.use(express.json());

  /** Totals, by category and by day (every day of the window) of daily sums. */
  function toSummary(
    daily: Array<{ day: string; category: CostCategory; amount: number }>,
    from: string,
    to: string,
  ): { total: number; byCategory: CostBreakdown; byDay: DailyCost[] } {
    const byCategory = emptyBreakdown();
    const byDayMap = new Map<string, CostBreakdown>(
      eachDay(from, to).map(d => [d, emptyBreakdown()]),
    );
    for (const row of daily) {
      byCategory[row.category] += row.amount;
      byDayMap.get(row.day)![row.category] += row.amount;
    }
    const total = COST_CATEGORIES.reduce((s, c) => s + byCategory[c], 0);
    return {
      total: round(total),
      byCategory: Object.fromEntries(
        COST_CATEGORIES.map(c => [c, round(byCategory[c])]),
      ) as CostBreakdown,
      byDay: [...byDayMap.entries()].map(([d, b]) => ({
        day: d,
        total: round(COST_CATEGORIES.reduce((s, c) => s + b[c], 0)),
        ...(Object.fromEntries(
          COST_CATEGORIES.map(c => [c, round(b[c])]),
        ) as CostBreakdown),
      })),
    };
  }

  async function summary(
    refs: string[],
    from: string,
    to: string,
    basis: CostBasis,
  ) {
    const daily = await store.dailyByCategory({
      entityRefs: refs,
      from,
      to,
      basis,
    });
    return toSummary(daily, from, to);
  }

  // An entity's cost, or the roll-up of a System, Group or Domain.
  router.get('/costs/:kind/:namespace/:name', async (req, res) => {
    const query = parseInput(windowSchema, req.query, { what: 'query' });
    const basis = query.cost;
    const window = resolveWindow(query, now());
    const credentials = await httpAuth.credentials(req);
    const entityRef = stringifyEntityRef({
      kind: req.params.kind,
      namespace: req.params.namespace,
      name: req.params.name,
    }).toLocaleLowerCase('en-US');
    const entity: Entity | undefined = await catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity) {
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    }
    const kind = entity.kind.toLocaleLowerCase('en-US');
    const rollup = ROLLUP_KINDS.includes(kind)
      ? await resolveRollup({ catalog, credentials, entity })
      : undefined;
    const refs = rollup ? rollup.map(m => m.entityRef) : [entityRef];

    const days = daysBetween(window.from, window.to);
    const previous = {
      from: addDays(window.from, -days),
      to: addDays(window.from, -1),
    };
    const current = await summary(refs, window.from, window.to, basis);
    const before = await summary(refs, previous.from, previous.to, basis);

    const members =
      refs.length > 1
        ? await store.totalsByEntity({ ...window, entityRefs: refs, basis })
        : [];

    // Who each member's cost is charged to: for a System or Domain, the
    // teams owning its parts; for a Group, itself and its child groups.
    let byOwner: OwnerCost[] | undefined;
    if (rollup) {
      const owners = new Map(rollup.map(m => [m.entityRef, m.owner ?? null]));
      const groups = new Map<string | null, OwnerCost>();
      for (const m of members) {
        const owner = owners.get(m.entityRef) ?? null;
        const group = groups.get(owner) ?? { owner, amount: 0, entityRefs: [] };
        group.amount += m.amount;
        group.entityRefs.push(m.entityRef);
        groups.set(owner, group);
      }
      byOwner = [...groups.values()]
        .map(g => ({ ...g, amount: round(g.amount) }))
        .sort(
          (a, b) =>
            b.amount - a.amount ||
            String(a.owner).localeCompare(String(b.owner)),
        );
    }

    const annotated = Number(
      entity.metadata.annotations?.[ANNOTATION_MONTHLY_BUDGET],
    );
    const monthly =
      config.budgets.find(b => b.entityRef === entityRef)?.monthly ??
      (Number.isFinite(annotated) && annotated > 0 ? annotated : undefined);
    let budget: CostBudget | undefined;
    if (monthly !== undefined) {
      const today = toDay(now());
      const [spent] = await store.totalsByEntity({
        from: `${today.slice(0, 7)}-01`,
        to: today,
        entityRefs: [entityRef],
      });
      budget = { monthly, monthToDate: round(spent?.amount ?? 0) };
    }

    res.json({
      entityRef,
      kind,
      currency: config.currency,
      cost: basis,
      ...window,
      ...current,
      previous: {
        ...previous,
        total: before.total,
        byCategory: before.byCategory,
      },
      change:
        before.total > 0 ? (current.total - before.total) / before.total : null,
      members: members.map(m => ({ ...m, amount: round(m.amount) })),
      byOwner,
      budget,
    } satisfies EntityCost);
  });

  // The whole organisation: every cost once, per top-level team, and what
  // no team owns.
  router.get('/organization', async (req, res) => {
    const query = parseInput(windowSchema, req.query, { what: 'query' });
    const window = resolveWindow(query, now());
    const credentials = await httpAuth.credentials(req);
    const totals = await store.totalsByEntity({ ...window, basis: query.cost });
    const ownership = await Ownership.load({
      catalog,
      credentials,
      entityRefs: totals.map(t => t.entityRef),
    });
    const unallocated = await store.unallocatedTotals({
      ...window,
      basis: query.cost,
    });
    const daily = await store.dailyTotals({ ...window, basis: query.cost });
    res.json({
      ...window,
      currency: config.currency,
      cost: query.cost,
      ...allocate({ ownership, totals, unallocated }),
      byDay: toSummary(daily, window.from, window.to).byDay,
    } satisfies OrganizationCost);
  });

  // The entities that cost most in a window.
  router.get('/top', async (req, res) => {
    const query = parseInput(topSchema, req.query, { what: 'query' });
    const window = resolveWindow(query, now());
    await httpAuth.credentials(req);
    const items = await store.totalsByEntity({
      ...window,
      kind: query.kind,
      limit: query.limit,
      basis: query.cost,
    });
    res.json({
      ...window,
      currency: config.currency,
      cost: query.cost,
      items: items.map(i => ({ ...i, amount: round(i.amount) })),
    } satisfies TopSpenders);
  });

  // What the latest ingestion of every source did, including failures.
  router.get('/ingestion/status', async (req, res) => {
    await httpAuth.credentials(req);
    res.json({
      items: await store.listStatus(),
    } satisfies IngestionStatusList);
  });

  return router;
}
