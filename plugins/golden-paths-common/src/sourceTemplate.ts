import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';

/** The annotation a generated component names its template with. */
export const SOURCE_TEMPLATE_ANNOTATION = 'backstage.io/source-template';

/**
 * The golden-path version: on a Template its current (latest) version, on a
 * Component the version it was generated from (or last upgraded to).
 */
export const TEMPLATE_VERSION_ANNOTATION = 'acme.io/template-version';

/**
 * The template an entity's `backstage.io/source-template` annotation names,
 * as a full ref (`go-service` means `template:default/go-service`);
 * undefined when there is no annotation or it is not an entity ref.
 */
export function sourceTemplateRef(entity: Entity): string | undefined {
  const value =
    entity.metadata.annotations?.[SOURCE_TEMPLATE_ANNOTATION]?.trim();
  if (!value) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(value, {
        defaultKind: 'template',
        defaultNamespace: 'default',
      }),
    );
  } catch {
    return undefined;
  }
}
