import {
  BackstageCredentials,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { JsonObject, JsonValue } from '@backstage/types';
import { TEMPLATE_VERSION_ANNOTATION } from '@internal/backstage-plugin-golden-paths-common';
import { PortalApiFailure } from '../services/PortalApi';
import { toEntityRef } from '../services/refs';
import { readTemplateFiles } from '../services/templateFiles';
import {
  dryRunGoldenPathExamples,
  getGoldenPathRunExamples,
  listGoldenPathsExamples,
  runGoldenPathExamples,
} from './goldenPaths.examples';
import { PortalActionsDeps } from './types';

const FINAL_STATUSES = ['completed', 'failed', 'cancelled'];

/** A scaffolder task as `GET /v2/tasks/:id` returns it. */
interface ScaffolderTask {
  id: string;
  status: string;
  createdAt: string;
  createdBy?: string;
  lastHeartbeatAt?: string;
  spec: {
    steps: Array<{ id: string; name: string }>;
    templateInfo?: { entityRef?: string };
  };
}

/** An event of `GET /v2/tasks/:id/events`. */
interface ScaffolderEvent {
  id: number;
  type: string;
  createdAt: string;
  body: {
    message?: string;
    stepId?: string;
    status?: string;
    output?: {
      links?: Array<{ title?: string; url?: string; entityRef?: string }>;
      text?: Array<{ title?: string; content?: string }>;
    };
    error?: { name?: string; message?: string };
  };
}

/** `permission.acme` lists, to say why the policy refused (see README). */
function templateRunnerReason(deps: PortalActionsDeps): string {
  const groups = (key: string) =>
    (deps.config.getOptionalStringArray(`permission.acme.${key}`) ?? []).join(
      ', ',
    ) || '(none configured)';
  return `not a member of a templateRunnerGroup (${groups(
    'templateRunnerGroups',
  )}) or an adminGroup (${groups('adminGroups')})`;
}

/** What the scaffolder's 400 `{ errors: [...] }` says, one line per field. */
function validationErrors(body: unknown): string[] {
  const errors = (body as { errors?: unknown })?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.map(e => {
    const { property, path, message, stack } = e as Record<string, unknown>;
    let where = '';
    if (typeof property === 'string') {
      where = property.replace(/^instance\.?/, '');
    } else if (Array.isArray(path)) {
      where = path.join('.');
    }
    const text = typeof message === 'string' ? message : String(stack ?? e);
    return where ? `${where}: ${text}` : text;
  });
}

/** The parameter form of a template, without the portal's UI hints. */
function withoutUiHints(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(withoutUiHints);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !k.startsWith('ui:'))
        .map(([k, v]) => [k, withoutUiHints(v as JsonValue)]),
    );
  }
  return value;
}

function parameterSteps(template: Entity): JsonObject[] {
  const parameters = (template.spec as { parameters?: JsonValue })?.parameters;
  if (!parameters) return [];
  const steps = Array.isArray(parameters) ? parameters : [parameters];
  return steps.map(s => withoutUiHints(s as JsonValue) as JsonObject);
}

export function registerGoldenPathActions(
  deps: PortalActionsDeps & { urlReader: UrlReaderService },
) {
  const { actionsRegistry, catalog, api, links } = deps;

  /** The template, read as the caller (hidden templates are not found). */
  async function templateOf(value: string, credentials: BackstageCredentials) {
    const { ref } = toEntityRef(value, 'template');
    if (!ref.startsWith('template:')) {
      throw new InputError(`${value} is not a Template ref`);
    }
    const template = await catalog.getEntityByRef(ref, { credentials });
    if (!template) {
      throw new NotFoundError(
        `No golden path ${ref} that you may use; list-golden-paths shows the ones you can run`,
      );
    }
    return { ref, template };
  }

  const scaffolderError =
    (what: string) =>
    (failure: PortalApiFailure): Error | undefined => {
      if (failure.status === 403) {
        return new NotAllowedError(
          `You may not ${what}: refused by the portal's permission policy (scaffolder.task.create, rule template-runner): ${templateRunnerReason(
            deps,
          )}. Ask to join a template-runner group, or ask someone in one to run it.`,
        );
      }
      const errors = validationErrors(failure.body);
      if (failure.status === 400 && errors.length) {
        return new InputError(
          `The values do not fit the template's form: ${errors.join('; ')}`,
        );
      }
      return undefined;
    };

  actionsRegistry.register({
    name: 'list-golden-paths',
    title: 'List golden paths (software templates) and their parameters',
    description: `Lists the golden paths (Backstage software templates) the caller may run: what each creates, its version and its form as JSON schema (one object per form page: properties, required, and dependencies for fields that appear only for some answers, e.g. postgresSize when needPostgres is true).
Use it before run-golden-path to choose a template and fill its values. Templates are shown only to people the portal lets run them.`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    examples: listGoldenPathsExamples,
    schema: {
      input: z =>
        z.object({
          text: z
            .string()
            .trim()
            .min(1)
            .optional()
            .describe(
              'Only templates whose name, title, description or tags mention this, e.g. "python"',
            ),
        }),
      output: z =>
        z.object({
          templates: z.array(
            z.object({
              ref: z.string().describe('Pass this to run-golden-path'),
              title: z.string(),
              description: z.string().optional(),
              type: z.string().optional(),
              tags: z.array(z.string()),
              version: z.string().optional(),
              parameters: z
                .array(z.record(z.unknown()))
                .describe(
                  'The form, one JSON schema object per page; values for run-golden-path are the properties of all pages in one object',
                ),
              url: z.string().describe('The form in the portal'),
            }),
          ),
          note: z.string().optional(),
        }),
    },
    action: async ({ input, credentials }) => {
      const { items } = await catalog.getEntities(
        {
          filter: { kind: 'Template' },
          order: { field: 'metadata.name', order: 'asc' },
        },
        { credentials },
      );
      const needle = input.text?.toLocaleLowerCase('en-US');
      const matching = items.filter(
        t =>
          !needle ||
          [
            t.metadata.name,
            t.metadata.title ?? '',
            t.metadata.description ?? '',
            ...(t.metadata.tags ?? []),
          ].some(s => s.toLocaleLowerCase('en-US').includes(needle)),
      );
      const templates = matching.map(t => {
        const ref = stringifyEntityRef(t);
        const version = t.metadata.annotations?.[TEMPLATE_VERSION_ANNOTATION];
        const type = (t.spec as { type?: unknown })?.type;
        return {
          ref,
          title: t.metadata.title ?? t.metadata.name,
          ...(t.metadata.description
            ? { description: t.metadata.description }
            : {}),
          ...(typeof type === 'string' ? { type } : {}),
          tags: t.metadata.tags ?? [],
          ...(version ? { version } : {}),
          parameters: parameterSteps(t),
          url: links.template(ref),
        };
      });
      let note: string | undefined;
      if (items.length === 0) {
        note = `No golden paths are visible to you. The portal shows templates only to people who may run them: ${templateRunnerReason(
          deps,
        )} would explain it.`;
      } else if (templates.length === 0) {
        note = `None of the ${items.length} golden paths mentions "${input.text}"; call without text to see them all.`;
      }
      return { output: { templates, ...(note ? { note } : {}) } };
    },
  });

  actionsRegistry.register({
    name: 'run-golden-path',
    title: 'Create something from a golden path (run a software template)',
    description: `Runs a golden path (software template) as the caller, exactly as the portal's Create page does: same form validation, same permission policy (only template runners), same steps (repository, CI, Helm chart, TechDocs, catalog registration, and a Crossplane PostgreSQL claim when the template's needPostgres is true), same audit trail.
This is the only way to create services or request databases: e.g. a FastAPI service "fraud-rules" for team-fraud with a small Postgres is template:default/python-fastapi-service with values {name: "fraud-rules", owner: "group:default/team-fraud", needPostgres: true, postgresSize: "small"}.
Returns at once with the task id and the task's page; follow it with get-golden-path-run (waitSeconds) until it is completed. Use list-golden-paths for the templates and their fields, and dry-run-golden-path to check values first.`,
    attributes: { readOnly: false, destructive: false, idempotent: false },
    examples: runGoldenPathExamples,
    schema: {
      input: z =>
        z.object({
          templateRef: z
            .string()
            .min(1)
            .describe(
              'The template, e.g. "python-fastapi-service" or "template:default/python-fastapi-service"',
            ),
          values: z
            .record(z.unknown())
            .describe(
              "The form's answers: the properties of every page of the template's parameters, in one object",
            ),
        }),
      output: z =>
        z.object({
          taskId: z.string(),
          templateRef: z.string(),
          status: z.string(),
          links: z.object({
            task: z.string().describe('The run in the portal, with its log'),
          }),
          next: z.string(),
        }),
    },
    action: async ({ input, credentials }) => {
      const { ref } = toEntityRef(input.templateRef, 'template');
      const { id } = await api.request<{ id: string }>(
        'scaffolder',
        '/v2/tasks',
        {
          credentials,
          method: 'POST',
          body: { templateRef: ref, values: input.values },
          onError: scaffolderError(`run ${ref}`),
        },
      );
      return {
        output: {
          taskId: id,
          templateRef: ref,
          status: 'open',
          links: { task: links.task(id) },
          next: `Call get-golden-path-run with taskId "${id}" and waitSeconds (e.g. 60) until status is completed; its output links to the new entity.`,
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'get-golden-path-run',
    title: 'Get the status and log of a golden-path run',
    description: `The status of a golden-path run (scaffolder task) started by run-golden-path or the portal: open, processing, completed, failed or cancelled; each step's status; the last log lines; and when completed, its output links (the new entity in the catalog, the repository) and texts (e.g. how to clone it).
With waitSeconds it waits up to that long for the run to finish before answering.`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    examples: getGoldenPathRunExamples,
    schema: {
      input: z =>
        z.object({
          taskId: z.string().min(1).describe('The id run-golden-path returned'),
          waitSeconds: z
            .number()
            .int()
            .min(0)
            .max(120)
            .optional()
            .describe(
              'Wait up to this many seconds for the run to finish (default 0: answer at once)',
            ),
          logLines: z
            .number()
            .int()
            .min(0)
            .max(200)
            .optional()
            .describe('How many of the last log lines to return (default 20)'),
        }),
      output: z =>
        z.object({
          taskId: z.string(),
          status: z.string(),
          templateRef: z.string().optional(),
          createdBy: z.string().optional(),
          createdAt: z.string(),
          steps: z.array(
            z.object({ id: z.string(), name: z.string(), status: z.string() }),
          ),
          logTail: z.array(z.string()),
          error: z.string().optional(),
          output: z
            .object({
              links: z.array(
                z.object({
                  title: z.string(),
                  url: z.string(),
                  entityRef: z.string().optional(),
                }),
              ),
              text: z.array(
                z.object({ title: z.string(), content: z.string() }),
              ),
            })
            .optional(),
          links: z.object({ task: z.string() }),
        }),
    },
    action: async ({ input, credentials }) => {
      const taskPath = `/v2/tasks/${encodeURIComponent(input.taskId)}`;
      const getTask = () =>
        api.request<ScaffolderTask>('scaffolder', taskPath, { credentials });
      let task = await getTask();
      const deadline = Date.now() + (input.waitSeconds ?? 0) * 1000;
      while (!FINAL_STATUSES.includes(task.status) && Date.now() < deadline) {
        await new Promise(r => setTimeout(r, 1000));
        task = await getTask();
      }
      const events = await api.request<ScaffolderEvent[]>(
        'scaffolder',
        `${taskPath}/events`,
        { credentials },
      );
      const stepStatus = new Map<string, string>();
      for (const e of events) {
        if (e.body.stepId && e.body.status) {
          stepStatus.set(e.body.stepId, e.body.status);
        }
      }
      const logTail = events
        .filter(e => e.type === 'log' && e.body.message)
        .map(
          e =>
            `${e.createdAt} ${e.body.stepId ? `[${e.body.stepId}] ` : ''}${
              e.body.message
            }`,
        );
      const lines = input.logLines ?? 20;
      const completion = [...events]
        .reverse()
        .find(e => e.type === 'completion');
      const result = completion?.body.output;
      return {
        output: {
          taskId: task.id,
          status: task.status,
          ...(task.spec.templateInfo?.entityRef
            ? { templateRef: task.spec.templateInfo.entityRef }
            : {}),
          ...(task.createdBy ? { createdBy: task.createdBy } : {}),
          createdAt: task.createdAt,
          steps: task.spec.steps.map(s => ({
            id: s.id,
            name: s.name,
            status: stepStatus.get(s.id) ?? 'open',
          })),
          logTail: lines ? logTail.slice(-lines) : [],
          ...(completion?.body.error?.message
            ? { error: completion.body.error.message }
            : {}),
          ...(result
            ? {
                output: {
                  links: (result.links ?? [])
                    .filter(l => l.url || l.entityRef)
                    .map(l => ({
                      title: l.title ?? l.entityRef ?? l.url!,
                      url: l.url
                        ? links.absolute(l.url)
                        : links.entity(l.entityRef!),
                      ...(l.entityRef ? { entityRef: l.entityRef } : {}),
                    })),
                  text: (result.text ?? []).map(t => ({
                    title: t.title ?? '',
                    content: t.content ?? '',
                  })),
                },
              }
            : {}),
          links: { task: links.task(task.id) },
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'dry-run-golden-path',
    title: 'Dry-run a golden path',
    description: `Checks values against a golden path without creating anything: the scaffolder validates the form, runs the steps that support dry runs (templating, validation) and skips the rest (publishing, catalog registration, cluster changes).
Returns whether the values are valid, the errors if not, each step's status, the log and the files the run would generate. Same permissions as running it.`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    examples: dryRunGoldenPathExamples,
    schema: {
      input: z =>
        z.object({
          templateRef: z
            .string()
            .min(1)
            .describe('The template, e.g. "python-fastapi-service"'),
          values: z.record(z.unknown()).describe("The form's answers"),
        }),
      output: z =>
        z.object({
          valid: z.boolean(),
          errors: z.array(z.string()),
          steps: z.array(
            z.object({ id: z.string(), name: z.string(), status: z.string() }),
          ),
          log: z.array(z.string()),
          files: z
            .array(z.string())
            .describe('Paths of the files the run would generate'),
        }),
    },
    action: async ({ input, credentials }) => {
      const { template } = await templateOf(input.templateRef, credentials);
      const directoryContents = await readTemplateFiles(
        template,
        deps.urlReader,
      );
      const result = await api.request<{
        log: Array<{
          body: { message?: string; stepId?: string; status?: string };
        }>;
        directoryContents: Array<{ path: string }>;
        steps: Array<{ id: string; name: string }>;
      }>('scaffolder', '/v2/dry-run', {
        credentials,
        method: 'POST',
        body: { template, values: input.values, directoryContents },
        onError: scaffolderError('dry-run golden paths'),
      });
      const stepStatus = new Map<string, string>();
      for (const e of result.log) {
        if (e.body.stepId && e.body.status) {
          stepStatus.set(e.body.stepId, e.body.status);
        }
      }
      const failed = result.log.filter(e => e.body.status === 'failed');
      return {
        output: {
          valid: failed.length === 0,
          errors: failed.map(
            e => `${e.body.stepId ?? 'run'}: ${e.body.message ?? 'failed'}`,
          ),
          steps: result.steps.map(s => ({
            id: s.id,
            name: s.name,
            status: stepStatus.get(s.id) ?? 'skipped',
          })),
          log: result.log
            .filter(e => e.body.message)
            .map(
              e =>
                `${e.body.stepId ? `[${e.body.stepId}] ` : ''}${
                  e.body.message
                }`,
            )
            .slice(-50),
          files: result.directoryContents.map(f => f.path).sort(),
        },
      };
    },
  });
}
