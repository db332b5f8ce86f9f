import { ChangeEvent, useEffect, useState } from 'react';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import ListItemText from '@material-ui/core/ListItemText';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import {
  createFormField,
  ScaffolderField,
} from '@backstage/plugin-scaffolder-react/alpha';
import { entityRef, entityTitle } from './ServiceNameField';

/** `ui:options` of the field. */
export interface CatalogEntityPickerOptions {
  /** Catalog filter of the entities offered, e.g. `{ kind: Group, spec.type: team }`. */
  catalogFilter?: Record<string, string | string[]>;
  /** Said under the field when a required choice is missing. */
  requiredMessage?: string;
}

type Choice = { ref: string; title: string; description?: string };

const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.description',
  'spec.profile.displayName',
];

/**
 * Chooses a catalog entity by its title (a team's display name, a system's
 * title), storing its full ref: people never read `group:default/x`. The
 * entity's description is shown under each choice. The template sets
 * `ui:hideError: true`; the field says itself what is missing.
 */
export function CatalogEntityPicker(
  props: FieldExtensionComponentProps<string, CatalogEntityPickerOptions>,
) {
  const {
    formData,
    onChange,
    required,
    rawErrors,
    schema: { title, description },
    uiSchema,
    idSchema,
    disabled,
  } = props;
  const options = (uiSchema?.['ui:options'] ??
    {}) as CatalogEntityPickerOptions;
  const filter = options.catalogFilter;
  const catalogApi = useApi(catalogApiRef);
  const [left, setLeft] = useState(false);

  const filterKey = JSON.stringify(filter ?? null);
  const [choices, setChoices] = useState<{
    loading: boolean;
    value?: Choice[];
    error?: Error;
  }>({ loading: true });
  useEffect(() => {
    let current = true;
    catalogApi
      .getEntities({
        filter: JSON.parse(filterKey) ?? undefined,
        fields: FIELDS,
      })
      .then(
        ({ items }) =>
          current &&
          setChoices({
            loading: false,
            value: items
              .map(e => ({
                ref: entityRef(e),
                title: entityTitle(e),
                description: e.metadata.description,
              }))
              .sort((a, b) => a.title.localeCompare(b.title)),
          }),
        error => current && setChoices({ loading: false, error }),
      );
    return () => {
      current = false;
    };
  }, [catalogApi, filterKey]);

  const titleOf = (ref: string) =>
    choices.value?.find(c => c.ref === ref)?.title ??
    ref.replace(/^.*[:/]/, '');

  const missing =
    required && !formData && (left || (rawErrors?.length ?? 0) > 0);
  let message: string | undefined;
  if (choices.error) {
    message = `The catalog could not be read: ${choices.error.message}`;
  } else if (missing) {
    message = options.requiredMessage ?? `Choose ${title ?? 'one'}.`;
  }

  // Custom fields get no description from the form (rjsf leaves it to
  // them): said once, under the input.
  return (
    <ScaffolderField
      rawDescription={
        (uiSchema?.['ui:description'] as string | undefined) ?? description
      }
      required={required}
      disabled={disabled}
    >
      <TextField
        select
        id={idSchema?.$id}
        label={title}
        // The asterisk only: a `required` input would make the browser block
        // "Next" with its own tooltip instead of our words.
        InputLabelProps={{ required }}
        value={formData ?? ''}
        onChange={(e: ChangeEvent<{ value: unknown }>) =>
          onChange((e.target.value as string) || undefined)
        }
        onBlur={() => setLeft(true)}
        margin="normal"
        error={Boolean(message)}
        helperText={message}
        FormHelperTextProps={{ role: message ? 'alert' : undefined }}
        SelectProps={{
          renderValue: value => (value ? titleOf(value as string) : ''),
          onClose: () => setLeft(true),
        }}
      >
        {!required && (
          <MenuItem value="">
            <em>None</em>
          </MenuItem>
        )}
        {choices.loading && (
          <MenuItem value={formData ?? ''} disabled>
            Loading…
          </MenuItem>
        )}
        {choices.value?.map(c => (
          <MenuItem key={c.ref} value={c.ref}>
            <ListItemText primary={c.title} secondary={c.description} />
          </MenuItem>
        ))}
      </TextField>
    </ScaffolderField>
  );
}

/** The field's options, for the form and for tests that render a Stepper. */
export const catalogEntityPickerFieldOptions = {
  name: 'CatalogEntityPicker',
  component: CatalogEntityPicker,
};

/** `ui:field: CatalogEntityPicker` in our golden-path templates. */
export const catalogEntityPickerField = createFormField(
  catalogEntityPickerFieldOptions,
);
