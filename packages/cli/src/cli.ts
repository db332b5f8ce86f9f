import { Command, CommanderError, Option } from 'commander';
import { createService } from './commands/createService';
import { login, logout } from './commands/login';
import { status } from './commands/status';
import { templates } from './commands/templates';
import { CliContext } from './commands/types';
import { CliError, describeError } from './lib/errors';

const collect = (value: string, previous: string[]) => [...previous, value];

function program(ctx: CliContext, setCode: (code: number) => void) {
  const run =
    <A extends unknown[]>(fn: (...args: A) => Promise<number>) =>
    async (...args: A) =>
      setCode(await fn(...args));

  const idp = new Command('idp')
    .description(
      'The Acme developer portal from the terminal: sign in as yourself, list golden paths, create services and follow their runs.',
    )
    .exitOverride()
    .configureOutput({
      writeOut: s => ctx.out(s.trimEnd()),
      writeErr: s => ctx.err(s.trimEnd()),
    })
    .showHelpAfterError('(idp --help lists the commands)');

  idp
    .command('login')
    .description(
      'Sign in to the portal in your browser (OAuth with PKCE); keeps your own token in your config directory, readable only by you',
    )
    .option('--portal <url>', 'the portal, e.g. http://localhost:7007')
    .option('--no-browser', 'only print the URL to open')
    .action(run(opts => login(ctx, opts)));

  idp
    .command('logout')
    .description('Forget the stored sign-in (and revoke its refresh token)')
    .action(run(() => logout(ctx)));

  idp
    .command('templates')
    .description('List the golden-path templates: name, title, version, owner')
    .option('--json', 'print JSON')
    .action(run(opts => templates(ctx, opts)));

  idp
    .command('create-service')
    .description(
      'Create a service from a template: checks the values against the template before submitting, then follows the run step by step',
    )
    .requiredOption('--template <name>', 'the template, e.g. go-service')
    .requiredOption('--name <name>', 'the name of the new service')
    .option(
      '--owner <team>',
      'the owning team, e.g. group:default/team-checkout',
    )
    .addOption(
      new Option(
        '--set <key=value>',
        'any other parameter of the template (repeatable)',
      )
        .argParser(collect)
        .default([]),
    )
    .option('--quiet', 'only the steps, not their log lines')
    .action(run(opts => createService(ctx, opts)));

  idp
    .command('status')
    .description('Show a task: its state, steps and links')
    .argument('<taskId>', 'the task id create-service printed')
    .option('--json', 'print JSON')
    .action(run((taskId: string, opts) => status(ctx, taskId, opts)));

  return idp;
}

/** Runs the CLI with `args` (without node and script); resolves with the exit code. */
export async function main(
  args: string[],
  ctx: CliContext = {
    out: line => process.stdout.write(`${line}\n`),
    err: line => process.stderr.write(`${line}\n`),
    env: process.env,
  },
): Promise<number> {
  let code = 0;
  try {
    await program(ctx, c => (code = c)).parseAsync(args, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and version end here with 0; usage errors were printed already
      return error.exitCode === 0 ? 0 : 2;
    }
    ctx.err(`idp: ${describeError(error)}`);
    if (
      ctx.env.IDP_DEBUG &&
      error instanceof Error &&
      !(error instanceof CliError)
    ) {
      ctx.err(error.stack ?? '');
    }
    return error instanceof CliError ? error.exitCode : 1;
  }
}
