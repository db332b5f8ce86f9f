import { ChangeEvent, useMemo, useState } from 'react';
import TextField from '@material-ui/core/TextField';
import { ApiHolder, useApiHolder } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import {
  createFormField,
  ScaffolderField,
} from '@backstage/plugin-scaffolder-react/alpha';
import { serviceNameProblem } from '@internal/backstage-plugin-golden-paths-common';

/** The parts of a catalog entity these fields read. */
export type EntityLike = {
  kind: string;
  metadata: { name: string; namespace?: string; title?: string };
  spec?: { profile?: unknown; owner?: unknown };
};

/** A catalog entity as people name it: title, display name, or name. */
export function entityTitle(entity: EntityLike): string {
  const profile = entity.spec?.profile as { displayName?: string } | undefined;
  return entity.metadata.title ?? profile?.displayName ?? entity.metadata.name;
}

/** `kind:namespace/name`, as the catalog writes refs. */
export function entityRef(entity: EntityLike): string {
  return `${entity.kind.toLocaleLowerCase('en-US')}:${
    entity.metadata.namespace ?? 'default'
  }/${entity.metadata.name}`;
}

/**
 * Says that a catalog Component already has this name, naming its owner
 * team, or undefined when the name is free (or the catalog cannot be asked:
 * `acme:validate-service` checks again on the server).
 */
export async function nameTakenProblem(
  name: string,
  apiHolder: ApiHolder,
): Promise<string | undefined> {
  const catalogApi = apiHolder.get(catalogApiRef);
  if (!catalogApi) {
    return undefined;
  }
  const existing = await catalogApi.getEntityByRef({
    kind: 'Component',
    namespace: 'default',
    name,
  });
  if (!existing) {
    return undefined;
  }
  const ownerRef = existing.spec?.owner as string | undefined;
  const owner = ownerRef
    ? await catalogApi.getEntityByRef(ownerRef).catch(() => undefined)
    : undefined;
  const ownedBy = owner
    ? `, owned by ${entityTitle(owner)}`
    : ownerRef && `, owned by ${ownerRef}`;
  return `"${name}" is already in the catalog${
    ownedBy ?? ''
  }. Choose another name.`;
}

/**
 * Runs on "Next": the JSON schema (pattern, maxLength) has passed by then;
 * only the catalog can still refuse the name.
 */
export const validateServiceName: CustomFieldValidator<string> = async (
  name,
  validation,
  { apiHolder },
) => {
  if (!name || serviceNameProblem(name)) {
    return; // the schema refuses it, and the field says why in words
  }
  const taken = await nameTakenProblem(name, apiHolder);
  if (taken) {
    validation.addError(taken);
  }
};

/**
 * The service name: says what is wrong in words, under the input, once it
 * has been left (blur) and then while typing; asks the catalog on blur.
 * The template sets `ui:hideError: true` so that the form does not repeat
 * the message (and never shows the schema's pattern); its description is
 * shown by the form below the input.
 */
export function ServiceNameInput(props: FieldExtensionComponentProps<string>) {
  const {
    formData,
    onChange,
    required,
    rawErrors,
    schema: { title = 'Name', description },
    uiSchema,
    idSchema,
    disabled,
  } = props;
  const apiHolder = useApiHolder();
  const value = formData ?? '';
  const [left, setLeft] = useState(false);
  const [taken, setTaken] = useState<{ name: string; message?: string }>();

  // Errors of "Next" (schema and validator) stay until the next "Next";
  // they are shown only while the name they were about is unchanged (the
  // value when these errors arrived, not recomputed on every keystroke).
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const erroredValue = useMemo(() => value, [rawErrors]);
  const submitted = (rawErrors?.length ?? 0) > 0 && erroredValue === value;

  const ruleProblem = left || submitted ? serviceNameProblem(value) : undefined;
  const message =
    ruleProblem ??
    (taken?.name === value ? taken.message : undefined) ??
    (submitted ? rawErrors![0] : undefined);

  const onBlur = async () => {
    setLeft(true);
    if (!serviceNameProblem(value)) {
      const problem = await nameTakenProblem(value, apiHolder).catch(
        () => undefined,
      );
      setTaken({ name: value, message: problem });
    }
  };

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
        id={idSchema?.$id}
        label={title}
        // The asterisk only: a `required` input would make the browser block
        // "Next" with its own tooltip instead of our words.
        InputLabelProps={{ required }}
        value={value}
        onChange={(e: ChangeEvent<HTMLInputElement>) =>
          onChange(e.target.value || undefined)
        }
        onBlur={onBlur}
        margin="normal"
        error={Boolean(message)}
        helperText={message}
        FormHelperTextProps={{ role: message ? 'alert' : undefined }}
        inputProps={{ autoFocus: uiSchema?.['ui:autofocus'] === true }}
      />
    </ScaffolderField>
  );
}

/** The field's options, for the form and for tests that render a Stepper. */
export const serviceNameFieldOptions = {
  name: 'ServiceName',
  component: ServiceNameInput,
  validation: validateServiceName,
};

/** `ui:field: ServiceName` in our golden-path templates. */
export const serviceNameField = createFormField(serviceNameFieldOptions);
