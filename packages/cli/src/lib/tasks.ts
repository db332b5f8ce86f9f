import {
  ScaffolderOutputLink,
  ScaffolderTask,
  ScaffolderTaskOutput,
} from '@backstage/plugin-scaffolder-common';
import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { Portal } from './portal';

/** A task event as `GET /v2/tasks/:id/events` returns it. */
export interface TaskEvent {
  id: number;
  taskId: string;
  type: 'log' | 'completion' | 'cancelled' | 'recovered';
  createdAt: string;
  body: {
    message?: string;
    stepId?: string;
    status?: string;
    error?: { name?: string; message?: string };
    output?: ScaffolderTaskOutput;
  };
}

export interface TaskStep {
  id: string;
  name: string;
  status: string;
  error?: string;
}

/**
 * The task's events after `after` (all of them without it). The scaffolder
 * answers at once when there are some and otherwise holds the request for
 * up to 30 seconds (long polling), so a loop over this follows a run live.
 */
export async function fetchTaskEvents(
  portal: Portal,
  taskId: string,
  after?: number,
): Promise<TaskEvent[]> {
  const query = after === undefined ? '' : `?after=${after}`;
  const response = await portal.fetch(
    `${portal.baseUrl('scaffolder')}/v2/tasks/${encodeURIComponent(
      taskId,
    )}/events${query}`,
  );
  if (!response.ok) {
    throw await ResponseError.fromResponse(response);
  }
  return (await response.json()) as TaskEvent[];
}

/** The steps of a task with what the events say about each. */
export function stepsOf(task: ScaffolderTask, events: TaskEvent[]): TaskStep[] {
  const steps: TaskStep[] = task.spec.steps.map(s => ({
    id: s.id,
    name: s.name,
    status: 'open',
  }));
  for (const event of events) {
    const step = steps.find(s => s.id === event.body.stepId);
    if (!step || !event.body.status) continue;
    step.status = event.body.status;
    if (event.body.status === 'failed') {
      // the step's log carries the error's stack: its first line
      step.error = event.body.message?.split('\n')[0];
    }
  }
  // the completion event carries the error's message without a stack
  const completion = events.find(e => e.type === 'completion');
  const failed = steps.find(s => s.status === 'failed');
  if (failed && completion?.body.error?.message) {
    failed.error = completion.body.error.message;
  }
  return steps;
}

/** Where a link of the task output points: its URL, or the catalog page. */
export function linkTarget(portal: Portal, link: ScaffolderOutputLink) {
  if (link.url) {
    return link.url;
  }
  if (link.entityRef) {
    const ref = parseEntityRef(link.entityRef);
    return `${portal.login.portal}/catalog/${
      ref.namespace
    }/${ref.kind.toLocaleLowerCase('en-US')}/${ref.name}`;
  }
  return undefined;
}

/** The lines that show a finished task's output: links, then texts. */
export function outputLines(
  portal: Portal,
  output: ScaffolderTaskOutput | undefined,
): string[] {
  const lines: string[] = [];
  for (const link of output?.links ?? []) {
    const target = linkTarget(portal, link);
    if (target) {
      lines.push(`${link.title ?? 'Link'}: ${target}`);
    }
  }
  for (const text of output?.text ?? []) {
    if (!text.content) continue;
    lines.push(`${text.title ?? 'Note'}:`);
    // Markdown as written: fences dropped, the rest indented.
    for (const line of text.content.trim().split('\n')) {
      if (line.startsWith('```')) continue;
      lines.push(line ? `  ${line}` : '');
    }
  }
  return lines;
}

export const STEP_MARK: Record<string, string> = {
  open: '·',
  processing: '▶',
  completed: '✔',
  failed: '✖',
  skipped: '-',
  cancelled: '■',
};
