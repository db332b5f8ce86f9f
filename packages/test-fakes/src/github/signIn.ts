/*
 * Signing in to the portal with GitHub, as the browser does it: the real
 * OAuth web flow of the backend's GitHub provider (auth.providers.github,
 * env production) against the stand-in's OAuth app (oauth.ts). The backend
 * needs the stand-in's `authEnv()` and a catalog User named like the login.
 */
import type { FakeGitHub } from './server';

/** Minimal cookie jar: name → value, as a browser would send them here. */
class CookieJar {
  readonly #cookies = new Map<string, string>();
  take(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') {
        this.#cookies.delete(name);
      } else {
        this.#cookies.set(name, value);
      }
    }
  }
  header(): string {
    return [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

export interface SignInAttempt {
  /** The HTML the OAuth handler returned to the popup (web message). */
  frameHtml: string;
  refreshStatus: number;
  refreshBody: any;
}

/** Runs the OAuth flow and returns what the frame handler and refresh said. */
export async function githubSignInAttempt(
  baseUrl: string,
  gh: FakeGitHub,
  login: string,
): Promise<SignInAttempt> {
  const jar = new CookieJar();
  // 1. The sign-in popup opens the start route: nonce cookie + redirect.
  const start = await fetch(
    `${baseUrl}/api/auth/github/start?env=production&scope=read:user`,
    { redirect: 'manual' },
  );
  jar.take(start);
  if (start.status !== 302) {
    throw new Error(`start: ${start.status} ${await start.text()}`);
  }
  const authorizeUrl = start.headers.get('location')!;
  if (!authorizeUrl.startsWith(`${gh.url}/login/oauth/authorize`)) {
    throw new Error(`start redirected to ${authorizeUrl}`);
  }
  // 2. GitHub: the user is signed in to GitHub and authorizes the app.
  const authorize = await fetch(authorizeUrl, {
    redirect: 'manual',
    headers: { Cookie: gh.oauth!.sessionCookie(login) },
  });
  if (authorize.status !== 302) {
    throw new Error(`authorize: ${authorize.status}`);
  }
  const callback = authorize.headers.get('location')!;
  // 3. Back to the portal's handler with code + state, and the nonce.
  const frame = await fetch(callback, {
    redirect: 'manual',
    headers: { Cookie: jar.header() },
  });
  jar.take(frame);
  const frameHtml = await frame.text();
  // 4. The app asks for its session: refresh with the session cookie.
  const refresh = await fetch(
    `${baseUrl}/api/auth/github/refresh?env=production`,
    {
      headers: { Cookie: jar.header(), 'X-Requested-With': 'XMLHttpRequest' },
    },
  );
  const text = await refresh.text();
  let refreshBody: any = text;
  try {
    refreshBody = JSON.parse(text);
  } catch {
    // not JSON: kept as text
  }
  return { frameHtml, refreshStatus: refresh.status, refreshBody };
}

/** Signs in through GitHub's OAuth web flow; returns the Backstage token. */
export async function githubSignIn(
  baseUrl: string,
  gh: FakeGitHub,
  login: string,
): Promise<string> {
  const attempt = await githubSignInAttempt(baseUrl, gh, login);
  const token = attempt.refreshBody?.backstageIdentity?.token;
  if (attempt.refreshStatus !== 200 || typeof token !== 'string') {
    throw new Error(
      `sign-in of ${login} failed: ${attempt.refreshStatus} ${JSON.stringify(
        attempt.refreshBody,
      )}\n${attempt.frameHtml.slice(0, 2000)}`,
    );
  }
  return token;
}
