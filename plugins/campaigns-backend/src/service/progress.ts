import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  CampaignProgress,
  CampaignTarget,
  EntityTodo,
  FailingCheck,
  OwnerProgress,
} from '@internal/backstage-plugin-campaigns-common';
import {
  Scorecard,
  ScorecardLevel,
} from '@internal/backstage-plugin-devex-metrics-common';
import { percentOf } from '../database/CampaignStore';
import { checksUpTo } from './levels';
import { ownerOf } from './scope';

const lower = (s: string) => s.toLocaleLowerCase('en-US');

/** An entity's ref as the join key (refs compare case-insensitively). */
export function refKey(entity: Entity): string {
  return lower(stringifyEntityRef(entity));
}

/** What people read for an entity: its title, else its name. */
export function entityTitle(entity: Entity): string {
  const profile = (entity.spec as { profile?: { displayName?: unknown } })
    ?.profile;
  if (typeof profile?.displayName === 'string' && profile.displayName.trim()) {
    return profile.displayName;
  }
  return entity.metadata.title?.trim() || entity.metadata.name;
}

/** Whether a scorecard meets the target. */
export function meetsTarget(
  card: Scorecard | undefined,
  target: CampaignTarget,
  levels: ScorecardLevel[],
): boolean {
  if (!card) return false;
  if (target.type === 'check') {
    return card.checks.some(c => c.id === target.check && c.passed);
  }
  const wanted = levels.findIndex(l => l.name === target.level);
  if (wanted < 0) return false;
  const reached = levels.findIndex(l => l.name === card.level);
  return reached >= wanted;
}

/** The failing checks that stand between a scorecard and the target. */
export function failingChecks(
  card: Scorecard,
  target: CampaignTarget,
  levels: ScorecardLevel[],
): FailingCheck[] {
  const needed =
    target.type === 'check'
      ? [target.check]
      : checksUpTo(levels, target.level) ?? [];
  return card.checks
    .filter(c => !c.passed && needed.includes(c.id))
    .map(c => ({
      id: c.id,
      title: c.title,
      ...(c.reason ? { reason: c.reason } : {}),
    }));
}

const byTitle = (a: { title: string }, b: { title: string }) =>
  a.title.localeCompare(b.title, 'en-US');

/**
 * Where a campaign stands: of the entities in scope, how many meet the
 * target, and per owner team what is left (entities by title with the checks
 * they fail). An entity DevEx has no scorecard for does not count as done.
 */
export function computeProgress(options: {
  entities: Entity[];
  scorecards: Map<string, Scorecard>;
  levels: ScorecardLevel[];
  target: CampaignTarget;
  /** Titles of owner entities by lower-case ref; missing ones show the name. */
  ownerTitles: Map<string, string>;
  now: Date;
}): CampaignProgress {
  const { entities, scorecards, levels, target, ownerTitles, now } = options;
  const owners = new Map<string, OwnerProgress>();
  const NO_OWNER = '';
  let atTarget = 0;

  for (const entity of entities) {
    const ownerRef = ownerOf(entity) ?? NO_OWNER;
    let owner = owners.get(ownerRef);
    if (!owner) {
      owner = {
        owner: ownerRef
          ? {
              ref: ownerRef,
              title:
                ownerTitles.get(ownerRef) ??
                ownerRef.slice(ownerRef.indexOf('/') + 1),
            }
          : null,
        inScope: 0,
        atTarget: 0,
        todo: [],
      };
      owners.set(ownerRef, owner);
    }
    owner.inScope += 1;
    const card = scorecards.get(refKey(entity));
    if (meetsTarget(card, target, levels)) {
      owner.atTarget += 1;
      atTarget += 1;
      continue;
    }
    const todo: EntityTodo = {
      entity: { ref: stringifyEntityRef(entity), title: entityTitle(entity) },
      level: card?.level ?? null,
      scored: Boolean(card),
      failingChecks: card ? failingChecks(card, target, levels) : [],
    };
    owner.todo.push(todo);
  }

  const list = [...owners.values()];
  for (const o of list) o.todo.sort((a, b) => byTitle(a.entity, b.entity));
  list.sort((a, b) => {
    const left = Number(b.todo.length > 0) - Number(a.todo.length > 0);
    if (left !== 0) return left;
    if (!a.owner) return 1;
    if (!b.owner) return -1;
    return byTitle(a.owner, b.owner);
  });

  return {
    computedAt: now.toISOString(),
    inScope: entities.length,
    atTarget,
    percent: percentOf(atTarget, entities.length),
    owners: list,
  };
}
