import { ConfigReader } from '@backstage/config';
import path from 'node:path';
import {
  claimTypeFromXrd,
  FakeKubernetesApi,
} from '@internal/backstage-plugin-crossplane-node/testUtils';
import { ClusterClientProvider } from '@internal/backstage-plugin-crossplane-node';

export const XRD_PATH = path.resolve(
  __dirname,
  '../../../../../crossplane/xrd.yaml',
);
export const TOKEN = 'sa-token-for-tests';

/** Starts the stand-in and a provider whose cluster 'dev' points at it. */
export async function startCluster() {
  const api = await FakeKubernetesApi.start({
    types: [claimTypeFromXrd(XRD_PATH)],
    token: TOKEN,
  });
  const clusters = ClusterClientProvider.fromConfig(
    new ConfigReader({
      kubernetes: {
        serviceLocatorMethod: { type: 'multiTenant' },
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: 'dev',
                url: api.url,
                // the stand-in speaks plain http on 127.0.0.1
                skipTLSVerify: true,
                authProvider: 'serviceAccount',
                serviceAccountToken: TOKEN,
              },
            ],
          },
        ],
      },
    }),
  );
  return { api, clusters };
}

export const orders = {
  cluster: 'dev',
  name: 'orders-db',
  namespace: 'team-orders',
  parameters: { storageGB: 20, tier: 'small', region: 'eu-west-1' },
  component: 'orders-api',
  owner: 'group:default/team-orders',
};
