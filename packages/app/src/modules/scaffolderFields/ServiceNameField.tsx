import { ChangeEvent } from 'react';
import TextField from '@material-ui/core/TextField';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';

// The template's JSON schema `pattern` reports names that are not a DNS-1123
// label; only a valid name is worth a catalog lookup.
const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Tells in the form, before anything runs, that a catalog Component already
 * has this name (`acme:validate-service` checks it again on the server).
 */
export const validateServiceName: CustomFieldValidator<string> = async (
  name,
  validation,
  { apiHolder },
) => {
  if (!name) {
    return;
  }
  if (!DNS_1123_LABEL.test(name)) {
    return;
  }
  const catalogApi = apiHolder.get(catalogApiRef);
  if (!catalogApi) {
    return; // the server-side check still runs
  }
  const existing = await catalogApi.getEntityByRef({
    kind: 'Component',
    namespace: 'default',
    name,
  });
  if (existing) {
    const owner = (existing.spec?.owner as string | undefined) ?? 'nobody';
    validation.addError(
      `"${name}" already exists in the catalog (component:default/${name}, owned by ${owner}). Choose another name.`,
    );
  }
};

function ServiceNameInput(props: FieldExtensionComponentProps<string>) {
  const {
    formData,
    onChange,
    required,
    rawErrors,
    schema: { title = 'Name', description },
    uiSchema,
    idSchema,
  } = props;
  return (
    <TextField
      id={idSchema?.$id}
      label={title}
      placeholder={uiSchema?.['ui:placeholder'] as string | undefined}
      helperText={(uiSchema?.['ui:help'] as string | undefined) ?? description}
      required={required}
      value={formData ?? ''}
      onChange={(e: ChangeEvent<HTMLInputElement>) => onChange(e.target.value)}
      margin="normal"
      error={(rawErrors?.length ?? 0) > 0 && !formData}
      inputProps={{ autoFocus: uiSchema?.['ui:autofocus'] === true }}
    />
  );
}

/** `ui:field: ServiceName` in our golden-path templates. */
export const serviceNameField = createFormField({
  name: 'ServiceName',
  component: ServiceNameInput,
  validation: validateServiceName,
});
