import { LoggerService } from '@backstage/backend-plugin-api';
import { execFile } from 'node:child_process';

/**
 * Runs the `git` CLI and returns its trimmed stdout. A failure carries git's
 * own stderr so the task log says what went wrong.
 */
export function git(
  args: string[],
  options: { cwd?: string; logger?: LoggerService } = {},
): Promise<string> {
  options.logger?.info(`git ${args.join(' ')}`);
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      {
        cwd: options.cwd,
        // No prompts, no user/system config that could change the result.
        env: {
          ...process.env,
          GIT_TERMINAL_PROMPT: '0',
          GIT_CONFIG_NOSYSTEM: '1',
          GIT_CONFIG_GLOBAL: '/dev/null',
        },
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error) {
          reject(
            new Error(
              `git ${args[0]} failed: ${
                String(stderr).trim() || error.message
              }`,
            ),
          );
        } else {
          resolve(String(stdout).trim());
        }
      },
    );
  });
}
