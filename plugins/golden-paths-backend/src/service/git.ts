import { execFile } from 'node:child_process';

/** The result of a git command that may legitimately exit non-zero. */
export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

const GIT_ENV = {
  // No prompts, no user/system config that could change the result.
  GIT_TERMINAL_PROMPT: '0',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Acme Developer Portal',
  GIT_AUTHOR_EMAIL: 'golden-paths@acme.example',
  GIT_COMMITTER_NAME: 'Acme Developer Portal',
  GIT_COMMITTER_EMAIL: 'golden-paths@acme.example',
};

/** Runs the `git` CLI; the exit code is the caller's to judge. */
export function runGit(args: string[], cwd?: string): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      {
        cwd,
        env: { ...process.env, ...GIT_ENV },
        maxBuffer: 64 * 1024 * 1024,
        encoding: 'buffer',
      },
      (error, stdout, stderr) => {
        const code =
          error && typeof (error as any).code === 'number'
            ? ((error as any).code as number)
            : 0;
        if (error && code === 0) {
          reject(error);
          return;
        }
        resolve({
          code,
          stdout: stdout.toString('utf8'),
          stderr: stderr.toString('utf8'),
        });
      },
    );
  });
}

/** Runs git and returns its trimmed stdout; a non-zero exit is an error with git's words. */
export async function git(args: string[], cwd?: string): Promise<string> {
  const result = await runGit(args, cwd);
  if (result.code !== 0) {
    throw new Error(
      `git ${args[0]} failed: ${result.stderr.trim() || `exit ${result.code}`}`,
    );
  }
  return result.stdout.trim();
}
