import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  ScaffolderTask,
  ScaffolderTaskOutput,
} from '@backstage/plugin-scaffolder-common';
import { CliError } from '../lib/errors';
import { connect, Portal } from '../lib/portal';
import {
  fetchTaskEvents,
  outputLines,
  STEP_MARK,
  TaskEvent,
} from '../lib/tasks';
import { parseSetFlags, validateValues } from '../lib/values';
import { CliContext } from './types';

export function templateRefOf(template: string): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(template, {
        defaultKind: 'template',
        defaultNamespace: 'default',
      }),
    );
  } catch {
    throw new CliError(`"${template}" is not a template name`, 2);
  }
}

interface RunResult {
  status: string;
  output?: ScaffolderTaskOutput;
  error?: string;
  failedStep?: string;
}

/**
 * Follows a task until it ends, printing each step as it starts and ends
 * with the step's log lines indented under it.
 */
export async function followTask(
  ctx: CliContext,
  portal: Portal,
  task: ScaffolderTask,
  options: { quiet?: boolean } = {},
): Promise<RunResult> {
  const stepName = new Map(task.spec.steps.map(s => [s.id, s.name]));
  let after: number | undefined;
  let failedStep: string | undefined;
  for (;;) {
    const events: TaskEvent[] = await fetchTaskEvents(portal, task.id, after);
    for (const event of events) {
      after = event.id;
      const { stepId, status, message } = event.body;
      if (event.type === 'completion' || event.type === 'cancelled') {
        // the completion event has no status; the task has
        const ended = await portal.scaffolder.getTask(task.id);
        return {
          status: event.type === 'cancelled' ? 'cancelled' : ended.status,
          output: event.body.output,
          error: event.body.error?.message,
          failedStep,
        };
      }
      if (event.type !== 'log') continue;
      const name = stepId ? stepName.get(stepId) ?? stepId : undefined;
      if (name && status) {
        if (status === 'failed') failedStep = name;
        if (status === 'failed') {
          ctx.out(`${STEP_MARK.failed} ${name}: failed`);
        } else {
          ctx.out(
            `${STEP_MARK[status] ?? '·'} ${name}${
              status === 'skipped' ? ' (skipped)' : ''
            }`,
          );
        }
      } else if (message && !options.quiet) {
        // the scaffolder's log lines carry its logger's terminal colours
        // eslint-disable-next-line no-control-regex
        const plain = message.replace(/\u001b\[[0-9;]*m/g, '');
        for (const line of plain.trimEnd().split('\n')) {
          ctx.out(`    ${line}`);
        }
      }
    }
  }
}

export async function createService(
  ctx: CliContext,
  options: {
    template: string;
    name: string;
    owner?: string;
    set: string[];
    quiet?: boolean;
  },
): Promise<number> {
  const templateRef = templateRefOf(options.template);
  const given: Record<string, string> = {
    ...parseSetFlags(options.set),
    name: options.name,
    ...(options.owner !== undefined ? { owner: options.owner } : {}),
  };
  const portal = await connect(ctx.env);

  let schema;
  try {
    schema = await portal.scaffolder.getTemplateParameterSchema(templateRef);
  } catch (e) {
    if (e instanceof ResponseError && e.response.status === 404) {
      throw new CliError(
        `There is no template "${options.template}" that you may use; \`idp templates\` lists them`,
      );
    }
    throw e;
  }
  const values = validateValues(schema, given);

  const { taskId } = await portal.scaffolder.scaffold({ templateRef, values });
  ctx.out(`Creating ${options.name} from ${schema.title} (${templateRef})`);
  ctx.out(`Task ${taskId}: ${portal.login.portal}/create/tasks/${taskId}`);
  const task = await portal.scaffolder.getTask(taskId);
  const result = await followTask(ctx, portal, task, { quiet: options.quiet });

  if (result.status === 'completed') {
    ctx.out(`Created ${options.name}.`);
    for (const line of outputLines(portal, result.output)) {
      ctx.out(line);
    }
    return 0;
  }
  throw new CliError(
    result.status === 'cancelled'
      ? `Task ${taskId} was cancelled`
      : `Task ${taskId} failed${
          result.failedStep ? ` at step "${result.failedStep}"` : ''
        }: ${result.error ?? 'no error message'}`,
  );
}
