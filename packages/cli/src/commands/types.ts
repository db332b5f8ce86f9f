/** Where a command writes, and the environment it reads (tests set both). */
export interface CliContext {
  out(line: string): void;
  err(line: string): void;
  env: NodeJS.ProcessEnv;
}
