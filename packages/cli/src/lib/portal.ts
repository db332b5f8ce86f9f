import { CatalogClient } from '@backstage/catalog-client';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { ScaffolderClient } from '@backstage/plugin-scaffolder-common';
import { CliError, throwForPortalStatus, unreachableError } from './errors';
import { readLogin, StoredLogin, writeLogin } from './credentials';
import { refreshLogin } from './oauth';

/** A signed-in connection to the portal: Backstage's own API clients. */
export interface Portal {
  login: StoredLogin;
  /** `fetch` with the person's token; one-line errors for 401/403/429/5xx. */
  fetch: typeof fetch;
  baseUrl(pluginId: string): string;
  catalog: CatalogClient;
  scaffolder: ScaffolderClient;
}

const notSignedIn = () =>
  new CliError(
    'You are not signed in to a portal: run `idp login --portal <url>`',
  );

/**
 * The stored login, refreshed when it has expired and the portal issued a
 * refresh token; otherwise an error telling the person to sign in again.
 */
export async function currentLogin(
  env: NodeJS.ProcessEnv = process.env,
): Promise<StoredLogin> {
  const login = await readLogin(env);
  if (!login) {
    throw notSignedIn();
  }
  // a minute of margin: a request must not arrive with a just-expired token
  if (login.expiresAt - 60_000 > Date.now()) {
    return login;
  }
  if (login.refreshToken) {
    try {
      const refreshed = await refreshLogin(login);
      await writeLogin(refreshed, env);
      return refreshed;
    } catch {
      // fall through: the refresh token expired or was revoked
    }
  }
  throw new CliError(
    `Your sign-in to ${login.portal} has expired: run \`idp login --portal ${login.portal}\``,
  );
}

/** Backstage's clients for the signed-in portal. */
export async function connect(
  env: NodeJS.ProcessEnv = process.env,
): Promise<Portal> {
  const login = await currentLogin(env);
  const portalFetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    request.headers.set('authorization', `Bearer ${login.accessToken}`);
    let response: Response;
    try {
      response = await fetch(request);
    } catch (e) {
      if (request.signal.aborted) {
        throw e;
      }
      throw unreachableError(login.portal, e);
    }
    await throwForPortalStatus(response, login.portal);
    return response;
  };
  const baseUrl = (pluginId: string) => `${login.portal}/api/${pluginId}`;
  const discoveryApi = {
    getBaseUrl: async (pluginId: string) => baseUrl(pluginId),
  };
  const fetchApi = { fetch: portalFetch };
  return {
    login,
    fetch: portalFetch,
    baseUrl,
    catalog: new CatalogClient({ discoveryApi, fetchApi }),
    scaffolder: new ScaffolderClient({
      discoveryApi,
      fetchApi,
      scmIntegrationsApi: ScmIntegrations.fromConfig(new ConfigReader({})),
      useLongPollingLogs: true,
    }),
  };
}
