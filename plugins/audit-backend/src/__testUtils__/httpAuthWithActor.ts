import {
  BackstageCredentials,
  coreServices,
  createServiceFactory,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';

const SERVICE_TOKEN_PREFIX = 'mock-service-token:';

/**
 * The mock httpAuth of @backstage/backend-test-utils, with two differences
 * that make it behave like the real one for these tests:
 *
 * - a request without a token is unauthenticated (the mock treats it as a
 *   default user), so the 401 of the default auth policy is observable;
 * - a token a plugin obtained on behalf of a user keeps that plugin as the
 *   principal's `actor` (real tokens do; the mock drops it, and the
 *   permission backend refuses conditional requests from users without an
 *   actor).
 */
export const httpAuthWithActorFactory = createServiceFactory({
  service: coreServices.httpAuth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }): HttpAuthService {
    const inner = mockServices.httpAuth({
      pluginId: plugin.getId(),
      defaultCredentials: mockCredentials.none(),
    });
    return {
      async credentials(req, options) {
        const credentials = (await inner.credentials(
          req,
          options as any,
        )) as BackstageCredentials<{ type: string }>;
        const token = req.headers.authorization?.match(/^Bearer (.+)$/)?.[1];
        if (
          credentials.principal.type === 'user' &&
          token?.startsWith(SERVICE_TOKEN_PREFIX)
        ) {
          const { sub, obo } = JSON.parse(
            token.slice(SERVICE_TOKEN_PREFIX.length),
          );
          if (obo) {
            return mockCredentials.user(obo, {
              actor: { subject: sub ?? 'external:test-service' },
            }) as any;
          }
        }
        return credentials as any;
      },
      issueUserCookie: (res, options) => inner.issueUserCookie(res, options),
    };
  },
});
