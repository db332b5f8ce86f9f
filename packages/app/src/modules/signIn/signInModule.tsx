import {
  configApiRef,
  createFrontendModule,
  githubAuthApiRef,
  useApi,
} from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import { SignInPage, SignInProviderConfig } from '@backstage/core-components';

const githubProvider: SignInProviderConfig = {
  id: 'github-auth-provider',
  title: 'GitHub',
  message: 'Sign in with your Acme GitHub account',
  apiRef: githubAuthApiRef,
};

/**
 * Guest sign-in on a laptop (auth.environment: development); GitHub sign-in
 * everywhere else, matching the providers the backend has configured.
 */
export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [
    SignInPageBlueprint.make({
      params: {
        loader: async () => props => {
          const configApi = useApi(configApiRef);
          const environment =
            configApi.getOptionalString('auth.environment') ?? 'development';
          return (
            <SignInPage
              {...props}
              title="Acme Developer Portal"
              align="center"
              providers={
                environment === 'development' ? ['guest'] : [githubProvider]
              }
            />
          );
        },
      },
    }),
  ],
});
