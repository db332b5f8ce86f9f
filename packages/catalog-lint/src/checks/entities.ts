/*
 * Entity validation: the policies and kind validators the catalog backend
 * applies, after resolving placeholders as its PlaceholderProcessor does.
 */
import path from 'node:path';
import {
  DefaultNamespaceEntityPolicy,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  KindValidator,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import { entityLabel } from '../entityRefs';
import { LoadedEntity } from '../loadCatalog';
import { resolvePlaceholders } from '../placeholders';

/** The same policies and kind validators the catalog backend applies. */
const entityPolicy = EntityPolicies.allOf([
  new SchemaValidEntityPolicy(),
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
]);

const kindValidators: KindValidator[] = [
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
];

export async function validateEntities(
  catalogDir: string,
  entities: LoadedEntity[],
): Promise<string[]> {
  const errors: string[] = [];
  const seen = new Map<string, string>();
  for (const { entity, file } of entities) {
    const label = entityLabel(entity);
    try {
      const resolved = resolvePlaceholders(
        entity,
        path.join(catalogDir, file),
      ) as Entity;
      const enforced = await entityPolicy.enforce(resolved);
      if (!enforced) throw new Error('rejected by entity policies');
      let matched = false;
      for (const validator of kindValidators) {
        if (await validator.check(enforced)) matched = true;
      }
      if (!matched) {
        throw new Error(
          `no built-in kind validator accepts apiVersion "${entity.apiVersion}" kind "${entity.kind}"`,
        );
      }
      if (entity.apiVersion !== 'backstage.io/v1alpha1') {
        throw new Error(
          `apiVersion must be backstage.io/v1alpha1, got "${entity.apiVersion}"`,
        );
      }
    } catch (e) {
      errors.push(`${file}: ${label} is invalid: ${(e as Error).message}`);
      continue;
    }
    const key = label.toLocaleLowerCase('en-US');
    if (seen.has(key)) {
      errors.push(`${file}: ${label} is also defined in ${seen.get(key)}`);
    } else {
      seen.set(key, file);
    }
  }
  return errors;
}
