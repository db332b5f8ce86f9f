import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** What `idp login` keeps: the portal and the person's own tokens. */
export interface StoredLogin {
  /** The portal's base URL as given to `idp login --portal`. */
  portal: string;
  /** The signed-in user, e.g. `user:default/jane`. */
  user: string;
  /** The OAuth client the tokens were issued to (its metadata document URL). */
  clientId: string;
  tokenEndpoint: string;
  revocationEndpoint?: string;
  accessToken: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
  /** Only when the portal issues refresh tokens (offline_access). */
  refreshToken?: string;
}

/**
 * The directory of the CLI's files: `$IDP_CONFIG_DIR`, else the platform's
 * per-user config directory (`$XDG_CONFIG_HOME` or `~/.config` on Linux,
 * `~/Library/Application Support` on macOS, `%APPDATA%` on Windows) + `idp`.
 */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.IDP_CONFIG_DIR) {
    return env.IDP_CONFIG_DIR;
  }
  if (process.platform === 'win32' && env.APPDATA) {
    return path.join(env.APPDATA, 'idp');
  }
  if (process.platform === 'darwin') {
    return path.join(os.homedir(), 'Library', 'Application Support', 'idp');
  }
  return path.join(
    env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'),
    'idp',
  );
}

export function credentialsPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(configDir(env), 'credentials.json');
}

export async function readLogin(
  env: NodeJS.ProcessEnv = process.env,
): Promise<StoredLogin | undefined> {
  let text: string;
  try {
    text = await fs.readFile(credentialsPath(env), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw e;
  }
  const login = JSON.parse(text) as StoredLogin;
  return login.portal && login.accessToken ? login : undefined;
}

/**
 * Writes the login readable by its owner only (directory 0700, file 0600),
 * through a temporary file so that a crash never leaves half a file.
 */
export async function writeLogin(
  login: StoredLogin,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const dir = configDir(env);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const file = credentialsPath(env);
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, `${JSON.stringify(login, null, 2)}\n`, {
    mode: 0o600,
  });
  // mode applies only to a new file; make sure of it either way
  await fs.chmod(tmp, 0o600);
  await fs.rename(tmp, file);
  return file;
}

/** Removes the stored login; false when there was none. */
export async function deleteLogin(
  env: NodeJS.ProcessEnv = process.env,
): Promise<boolean> {
  try {
    await fs.unlink(credentialsPath(env));
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      return false;
    }
    throw e;
  }
}
