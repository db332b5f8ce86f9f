import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';

const TIMEOUT_MS = 10_000;

/**
 * Reads the catalog's change stamp from
 * `@internal/backstage-plugin-catalog-backend-module-acme-change-stamp`
 * (`GET /api/catalog/acme/change-stamp`) with the calling plugin's own
 * token: a string that changes whenever any entity is added, changed or
 * removed. Rejects when the catalog cannot say (the module not installed,
 * the catalog unreachable or failing); callers then read the catalog.
 */
export function catalogChangeStampReader(deps: {
  auth: AuthService;
  discovery: DiscoveryService;
}): () => Promise<string> {
  const { auth, discovery } = deps;
  return async () => {
    const baseUrl = await discovery.getBaseUrl('catalog');
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'catalog',
    });
    const response = await fetch(`${baseUrl}/acme/change-stamp`, {
      headers: { Authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    const body = await response.json();
    if (typeof body?.stamp !== 'string') {
      throw new Error(
        `The catalog's change stamp is not a string: ${JSON.stringify(body)}`,
      );
    }
    return body.stamp;
  };
}
