import { spawn } from 'node:child_process';
import {
  credentialsPath,
  readLogin,
  writeLogin,
  deleteLogin,
} from '../lib/credentials';
import { CliError } from '../lib/errors';
import {
  loginWithBrowser,
  normalizePortalUrl,
  revokeLogin,
} from '../lib/oauth';
import { CliContext } from './types';

/** Opens the URL in the desktop's browser; quietly does nothing without one. */
function openBrowser(url: string) {
  const commands: Record<string, [string, string[]]> = {
    darwin: ['open', [url]],
    win32: ['cmd', ['/c', 'start', '""', url]],
  };
  const [command, args] = commands[process.platform] ?? ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { detached: true, stdio: 'ignore' });
    child.on('error', () => {});
    child.unref();
  } catch {
    // no browser: the printed URL is the way
  }
}

export async function login(
  ctx: CliContext,
  options: { portal?: string; browser: boolean },
): Promise<number> {
  const previous = await readLogin(ctx.env).catch(() => undefined);
  const given = options.portal ?? previous?.portal;
  if (!given) {
    throw new CliError('Which portal? Run `idp login --portal <url>`', 2);
  }
  const portal = normalizePortalUrl(given);
  const stored = await loginWithBrowser({
    portal,
    openUrl: url => {
      ctx.out(
        `Sign in to ${portal} in your browser and approve "Backstage CLI":`,
      );
      ctx.out(`  ${url}`);
      if (options.browser) {
        openBrowser(url);
      }
      ctx.out('Waiting for the browser...');
    },
  });
  const file = await writeLogin(stored, ctx.env);
  const until = new Date(stored.expiresAt).toLocaleTimeString('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
  });
  ctx.out(`Signed in to ${portal} as ${stored.user}.`);
  ctx.out(
    `Your token is valid until ${until}${
      stored.refreshToken
        ? ' and is renewed by itself'
        : '; then run `idp login` again'
    }. Kept in ${file} (readable only by you).`,
  );
  return 0;
}

export async function logout(ctx: CliContext): Promise<number> {
  const stored = await readLogin(ctx.env).catch(() => undefined);
  if (stored) {
    await revokeLogin(stored);
  }
  const removed = await deleteLogin(ctx.env);
  if (!removed) {
    ctx.out('You were not signed in.');
    return 0;
  }
  ctx.out(
    `Signed out of ${stored?.portal ?? 'the portal'}; removed ${credentialsPath(
      ctx.env,
    )}.`,
  );
  return 0;
}
