import { ResponseError } from '@backstage/errors';
import { CliError } from '../lib/errors';
import { connect } from '../lib/portal';
import { fetchTaskEvents, outputLines, STEP_MARK, stepsOf } from '../lib/tasks';
import { CliContext } from './types';

export async function status(
  ctx: CliContext,
  taskId: string,
  options: { json?: boolean },
): Promise<number> {
  const portal = await connect(ctx.env);
  let task;
  try {
    task = await portal.scaffolder.getTask(taskId);
  } catch (e) {
    if (e instanceof ResponseError && e.response.status === 404) {
      throw new CliError(`There is no task ${taskId}`);
    }
    throw e;
  }
  const events = await fetchTaskEvents(portal, taskId);
  const steps = stepsOf(task, events);
  const completion = events.find(e => e.type === 'completion');
  const templateRef = (task.spec.templateInfo?.entityRef as string) ?? '-';
  if (options.json) {
    ctx.out(
      JSON.stringify(
        {
          id: task.id,
          status: task.status,
          template: templateRef,
          createdAt: task.createdAt,
          createdBy: task.spec.user?.ref,
          steps,
          output: completion?.body.output,
          error: completion?.body.error?.message,
        },
        null,
        2,
      ),
    );
    return 0;
  }
  ctx.out(`Task ${task.id}: ${task.status}`);
  ctx.out(`Template: ${templateRef}`);
  ctx.out(
    `Started: ${task.createdAt}${
      task.spec.user?.ref ? ` by ${task.spec.user.ref}` : ''
    }`,
  );
  ctx.out('Steps:');
  for (const step of steps) {
    ctx.out(
      `  ${STEP_MARK[step.status] ?? '·'} ${step.name} (${step.status})${
        step.error ? `: ${step.error}` : ''
      }`,
    );
  }
  for (const line of outputLines(portal, completion?.body.output)) {
    ctx.out(line);
  }
  return 0;
}
