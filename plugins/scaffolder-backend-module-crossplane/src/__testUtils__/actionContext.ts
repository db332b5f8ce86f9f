import { LoggerService } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { JsonObject, JsonValue } from '@backstage/types';
import { ActionContext } from '@backstage/plugin-scaffolder-node';

/** A logger that keeps every line, so tests can read the task log. */
export class RecordingLogger implements LoggerService {
  readonly lines: string[] = [];
  error(message: string) {
    this.lines.push(`error: ${message}`);
  }
  warn(message: string) {
    this.lines.push(`warn: ${message}`);
  }
  info(message: string) {
    this.lines.push(`info: ${message}`);
  }
  debug(message: string) {
    this.lines.push(`debug: ${message}`);
  }
  child(): LoggerService {
    return this;
  }
  text() {
    return this.lines.join('\n');
  }
}

/**
 * The context the scaffolder gives an action, as in
 * `@backstage/plugin-scaffolder-node-test-utils` `createMockActionContext`
 * (whose published version still targets plugin-scaffolder-node 0.x):
 * a real temporary workspace, checkpoints that run their function once per
 * key like the task engine does on a fresh run, and recorded outputs.
 */
export function createActionContext<TInput extends JsonObject>(options: {
  input: TInput;
  isDryRun?: boolean;
  /** e.g. `createMockDirectory().path`, created at describe level */
  workspacePath: string;
  signal?: AbortSignal;
}) {
  const logger = new RecordingLogger();
  const outputs: Record<string, JsonValue> = {};
  const checkpoints = new Map<string, JsonValue | void>();
  const workspacePath = options.workspacePath;
  const ctx: ActionContext<TInput, JsonObject> = {
    input: options.input,
    logger,
    workspacePath,
    isDryRun: options.isDryRun,
    signal: options.signal,
    task: { id: 'task-1' },
    user: { ref: 'user:default/jane' },
    output(name, value) {
      outputs[name as string] = value as JsonValue;
    },
    async checkpoint(opts) {
      if (checkpoints.has(opts.key)) {
        return checkpoints.get(opts.key) as any;
      }
      const result = await opts.fn();
      checkpoints.set(opts.key, result);
      return result;
    },
    async createTemporaryDirectory() {
      return fs.promises.mkdtemp(path.join(os.tmpdir(), 'crossplane-action-'));
    },
    async getInitiatorCredentials() {
      return mockCredentials.user('user:default/jane');
    },
  };
  return { ctx, logger, outputs, checkpoints };
}
