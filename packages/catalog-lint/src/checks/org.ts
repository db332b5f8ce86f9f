/*
 * Organization: the group tree, team and role membership, and the people.
 */
import {
  buildIndex,
  entityLabel,
  Json,
  refKey,
  resolveRef,
  specRefs,
} from '../entityRefs';
import { LoadedEntity } from '../loadCatalog';

function groupsOf(entities: LoadedEntity[]) {
  return entities.filter(le => le.entity.kind === 'Group');
}

/** Members of each group (by lower-case group ref), from User.memberOf and Group.members. */
function membersByGroup(entities: LoadedEntity[]): Map<string, Set<string>> {
  const members = new Map<string, Set<string>>();
  const add = (group: string, user: string) => {
    if (!members.has(group)) members.set(group, new Set());
    members.get(group)!.add(user);
  };
  for (const le of entities) {
    const self = refKey({
      kind: le.entity.kind,
      namespace: le.entity.metadata.namespace ?? 'default',
      name: le.entity.metadata.name,
    });
    try {
      if (le.entity.kind === 'User') {
        for (const g of specRefs(le, 'memberOf'))
          add(refKey(resolveRef(le, g, 'Group')), self);
      }
      if (le.entity.kind === 'Group') {
        for (const u of specRefs(le, 'members'))
          add(self, refKey(resolveRef(le, u, 'User')));
      }
    } catch {
      // invalid refs are reported by checkRefs
    }
  }
  return members;
}

export function checkOrg(entities: LoadedEntity[]): string[] {
  const errors: string[] = [];
  const index = buildIndex(entities);
  const groups = groupsOf(entities);
  const members = membersByGroup(entities);
  const groupKey = (name: string) => `group:default/${name}`;

  for (const le of groups) {
    const { entity, file } = le;
    const label = entityLabel(entity);
    const self = groupKey(entity.metadata.name);
    const spec = entity.spec as Json;
    if (!spec?.profile?.displayName || !spec?.profile?.email) {
      errors.push(
        `${file}: ${label} needs spec.profile.displayName and spec.profile.email`,
      );
    }
    // parent <-> children must agree
    if (spec?.parent) {
      try {
        const parent = index.get(refKey(resolveRef(le, spec.parent, 'Group')));
        if (parent) {
          const children = specRefs(parent, 'children').map(c =>
            refKey(resolveRef(parent, c, 'Group')),
          );
          if (!children.includes(self)) {
            errors.push(
              `${file}: ${label} has spec.parent ${spec.parent} but ${parent.file} does not list it in spec.children`,
            );
          }
        }
      } catch {
        // reported by checkRefs
      }
    }
    for (const child of specRefs(le, 'children')) {
      try {
        const c = index.get(refKey(resolveRef(le, child, 'Group')));
        if (!c) continue; // reported by checkRefs
        const parentRef = (c.entity.spec as Json)?.parent;
        if (!parentRef || refKey(resolveRef(c, parentRef, 'Group')) !== self) {
          errors.push(
            `${file}: ${label} lists child ${child} but ${
              c.file
            } has spec.parent ${parentRef ?? '(none)'}`,
          );
        }
      } catch {
        // reported by checkRefs
      }
    }
    if (['team', 'role'].includes(spec?.type) && !members.get(self)?.size) {
      errors.push(`${file}: ${label} (type ${spec.type}) has no members`);
    }
  }

  const roots = groups.filter(g => !(g.entity.spec as Json)?.parent);
  if (roots.length !== 1 || roots[0].entity.metadata.name !== 'acme') {
    errors.push(
      `org/groups.yaml: expected exactly one root group "acme", found [${roots
        .map(r => r.entity.metadata.name)
        .join(', ')}]`,
    );
  }

  const expectedTypes: Record<string, string> = {
    acme: 'organization',
    'team-payments': 'team',
    'team-fraud': 'team',
    'team-checkout': 'team',
    platform: 'team',
    developers: 'role',
    'platform-admins': 'role',
  };
  for (const [name, type] of Object.entries(expectedTypes)) {
    const g = index.get(groupKey(name));
    if (!g) errors.push(`org/groups.yaml: required group ${name} is missing`);
    else if ((g.entity.spec as Json)?.type !== type) {
      errors.push(
        `${g.file}: Group ${name} must have spec.type ${type}, got ${
          (g.entity.spec as Json)?.type
        }`,
      );
    }
  }

  // developers = exactly the product engineers (members of every team except platform)
  const productEngineers = new Set<string>();
  for (const g of groups) {
    const spec = g.entity.spec as Json;
    if (spec?.type === 'team' && g.entity.metadata.name !== 'platform') {
      for (const u of members.get(groupKey(g.entity.metadata.name)) ?? [])
        productEngineers.add(u);
    }
  }
  const developers = members.get(groupKey('developers')) ?? new Set<string>();
  for (const u of productEngineers) {
    if (!developers.has(u))
      errors.push(
        `org/users.yaml: product engineer ${u} is not a member of developers`,
      );
  }
  for (const u of developers) {
    if (!productEngineers.has(u))
      errors.push(
        `org/users.yaml: ${u} is in developers but in no product team`,
      );
  }
  // platform-admins is a subset of platform
  const platform = members.get(groupKey('platform')) ?? new Set<string>();
  for (const u of members.get(groupKey('platform-admins')) ?? []) {
    if (!platform.has(u))
      errors.push(
        `org/users.yaml: ${u} is in platform-admins but not in platform`,
      );
  }

  for (const { entity, file } of entities.filter(
    le => le.entity.kind === 'User',
  )) {
    const spec = entity.spec as Json;
    const email: unknown = spec?.profile?.email;
    if (!spec?.profile?.displayName)
      errors.push(
        `${file}: ${entityLabel(entity)} has no spec.profile.displayName`,
      );
    if (typeof email !== 'string' || !email.endsWith('@acme.example')) {
      errors.push(
        `${file}: ${entityLabel(
          entity,
        )} spec.profile.email must be @acme.example, got ${email}`,
      );
    }
    if (!specRefs({ entity, file }, 'memberOf').length) {
      errors.push(
        `${file}: ${entityLabel(entity)} is not a member of any group`,
      );
    }
  }
  return errors;
}
