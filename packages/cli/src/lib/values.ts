import Ajv, { ErrorObject } from 'ajv';
import ajvErrors from 'ajv-errors';
import { JsonValue } from '@backstage/types';
import { TemplateParameterSchema } from '@backstage/plugin-scaffolder-common';
import { CliError } from './errors';

/** The flags that set a parameter besides `--set`. */
const FLAG_FOR: Record<string, string> = { name: '--name', owner: '--owner' };

const flagFor = (key: string) => FLAG_FOR[key] ?? `--set ${key}=...`;

/** `key=value` pairs of `--set`, in order; a later one wins. */
export function parseSetFlags(pairs: string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      throw new CliError(
        `--set ${pair}: expected key=value, e.g. --set description="Payment webhooks"`,
      );
    }
    values[pair.slice(0, eq).trim()] = pair.slice(eq + 1);
  }
  return values;
}

/**
 * Every parameter a template's form can hold: the properties of each page,
 * including those that appear only with a choice (`dependencies`, `oneOf`,
 * `if`/`then`).
 */
export function parameterNames(schema: TemplateParameterSchema): Set<string> {
  return new Set(Object.keys(parameterDefaults(schema)));
}

/** Every parameter with its default (undefined when it has none). */
function parameterDefaults(
  schema: TemplateParameterSchema,
): Record<string, JsonValue | undefined> {
  const names: Record<string, JsonValue | undefined> = {};
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    const obj = node as Record<string, unknown>;
    if (obj.properties && typeof obj.properties === 'object') {
      for (const [k, v] of Object.entries(obj.properties)) {
        names[k] ??= (v as { default?: JsonValue })?.default;
      }
    }
    for (const key of ['oneOf', 'anyOf', 'allOf']) {
      if (Array.isArray(obj[key])) (obj[key] as unknown[]).forEach(walk);
    }
    for (const key of ['then', 'else']) walk(obj[key]);
    if (obj.dependencies && typeof obj.dependencies === 'object') {
      Object.values(obj.dependencies).forEach(walk);
    }
  };
  schema.steps.forEach(step => walk(step.schema));
  return names;
}

/** One line per problem, naming the flag that sets the value. */
function describe(
  errors: ErrorObject[],
  values: Record<string, JsonValue>,
): string[] {
  // A value that selects a choice (`dependencies` with `oneOf`) fails the
  // branches it did not pick with const/oneOf errors; what the person must
  // fix is in the others, unless there are no others.
  const specific = errors.filter(
    e => !['oneOf', 'anyOf', 'const', 'if', 'false schema'].includes(e.keyword),
  );
  const shown = specific.length > 0 ? specific : errors;
  const lines = shown.map(error => {
    const key =
      error.keyword === 'required'
        ? (error.params as { missingProperty: string }).missingProperty
        : error.instancePath.split('/')[1];
    if (error.keyword === 'required') {
      return `${flagFor(key)} is required`;
    }
    const given = key !== undefined ? values[key] : undefined;
    const where = key
      ? `${FLAG_FOR[key] ?? `--set ${key}`} ${JSON.stringify(given)}`
      : 'the values';
    if (error.keyword === 'enum') {
      const allowed = (error.params as { allowedValues: JsonValue[] })
        .allowedValues;
      return `${where}: must be one of ${allowed.join(', ')}`;
    }
    return `${where}: ${error.message}`;
  });
  return [...new Set(lines)];
}

/**
 * Checks the values against every page of the template's form the way the
 * portal's form does (JSON Schema with ajv, the template's own
 * `errorMessage`s through ajv-errors), after turning command-line strings
 * into the types the schema asks for and filling in its defaults. Returns
 * the values to submit, or throws every problem at once.
 */
export function validateValues(
  schema: TemplateParameterSchema,
  given: Record<string, string>,
): Record<string, JsonValue> {
  const known = parameterNames(schema);
  const unknown = Object.keys(given).filter(k => !known.has(k));
  if (unknown.length > 0) {
    throw new CliError(
      `The template has no parameter ${unknown
        .map(k => `"${k}"`)
        .join(', ')}; its parameters are: ${[...known].join(', ')}`,
    );
  }

  const ajv = new Ajv({
    allErrors: true,
    strict: false,
    coerceTypes: true,
    useDefaults: true,
    logger: false,
  });
  ajvErrors(ajv);

  const defaults = parameterDefaults(schema);
  const values: Record<string, JsonValue> = { ...given };
  const problems: string[] = [];
  for (const step of schema.steps) {
    const validate = ajv.compile(step.schema);
    let valid = validate(values);
    // A parameter that appears with a choice (e.g. postgresSize once
    // needPostgres is true) gets its default as in the portal's form.
    const missing = (validate.errors ?? [])
      .filter(e => e.keyword === 'required')
      .map(e => (e.params as { missingProperty: string }).missingProperty)
      .filter(k => defaults[k] !== undefined && values[k] === undefined);
    if (!valid && missing.length > 0) {
      missing.forEach(k => (values[k] = defaults[k]!));
      valid = validate(values);
    }
    if (!valid) {
      problems.push(...describe(validate.errors ?? [], values));
    }
  }
  if (problems.length > 0) {
    throw new CliError(
      `Nothing was submitted; fix these values first:\n${[...new Set(problems)]
        .map(p => `  ${p}`)
        .join('\n')}`,
      2,
    );
  }
  return values;
}
