import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import fs from 'node:fs';

const AUTH_PROVIDER_ANNOTATION = 'kubernetes.io/auth-provider';
const IN_CLUSTER_TOKEN_PATH =
  '/var/run/secrets/kubernetes.io/serviceaccount/token';

/** A cluster from `kubernetes.clusterLocatorMethods` (type `config`). */
export interface ConfiguredCluster {
  name: string;
  url: string;
  skipTLSVerify: boolean;
  caData?: string;
  caFile?: string;
  authProvider: string;
  serviceAccountToken?: string;
}

/** The Kubernetes clients for one configured cluster. */
export interface ClusterClients {
  cluster: ConfiguredCluster;
  kubeConfig: KubeConfig;
  customObjects: CustomObjectsApi;
}

/**
 * Builds Kubernetes clients for the clusters that the Kubernetes plugin
 * already knows from its `kubernetes.clusterLocatorMethods` config (type
 * `config`), so templates only name a cluster and never carry credentials.
 * Only the `serviceAccount` auth provider is supported: the actions act as
 * the portal, not as the user.
 */
export class ClusterClientProvider {
  static fromConfig(config: Config): ClusterClientProvider {
    const clusters: ConfiguredCluster[] = [];
    const methods =
      config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
    for (const method of methods) {
      if (method.getString('type') !== 'config') {
        continue;
      }
      for (const c of method.getOptionalConfigArray('clusters') ?? []) {
        const authMetadata =
          c.getOptional<Record<string, string>>('authMetadata') ?? {};
        clusters.push({
          name: c.getString('name'),
          url: c.getString('url'),
          skipTLSVerify: c.getOptionalBoolean('skipTLSVerify') ?? false,
          caData: c.getOptionalString('caData'),
          caFile: c.getOptionalString('caFile'),
          authProvider:
            authMetadata[AUTH_PROVIDER_ANNOTATION] ??
            c.getOptionalString('authProvider') ??
            '',
          serviceAccountToken:
            authMetadata.serviceAccountToken ??
            c.getOptionalString('serviceAccountToken'),
        });
      }
    }
    return new ClusterClientProvider(clusters);
  }

  constructor(private readonly clusters: ConfiguredCluster[]) {}

  /** Names of the configured clusters, in config order. */
  clusterNames(): string[] {
    return this.clusters.map(c => c.name);
  }

  /**
   * Resolves a cluster by name; without a name, the only configured cluster.
   * Throws an InputError that lists the configured clusters otherwise.
   */
  getCluster(name?: string): ConfiguredCluster {
    const known = this.clusterNames();
    const knownText = known.length
      ? `configured clusters: ${known.map(n => `'${n}'`).join(', ')}`
      : 'no cluster is configured under kubernetes.clusterLocatorMethods (type: config) in app-config';
    if (!name) {
      if (this.clusters.length === 1) {
        return this.clusters[0];
      }
      throw new InputError(
        `No cluster given and it cannot be chosen automatically; set the 'cluster' input (${knownText})`,
      );
    }
    const cluster = this.clusters.find(c => c.name === name);
    if (!cluster) {
      throw new InputError(`Unknown cluster '${name}' (${knownText})`);
    }
    return cluster;
  }

  /** Kubernetes clients for a cluster, authenticated as the portal. */
  getClients(name?: string): ClusterClients {
    const cluster = this.getCluster(name);
    if (cluster.url.startsWith('http:') && !cluster.skipTLSVerify) {
      throw new InputError(
        `Cluster '${cluster.name}' has a plain http url (${cluster.url}); @kubernetes/client-node only allows that with skipTLSVerify: true (use https for real clusters)`,
      );
    }
    const token = this.tokenFor(cluster);
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromOptions({
      clusters: [
        {
          name: cluster.name,
          server: cluster.url,
          skipTLSVerify: cluster.skipTLSVerify,
          caData: cluster.caData,
          caFile: cluster.caFile,
        },
      ],
      users: [{ name: 'backstage', token }],
      contexts: [
        { name: cluster.name, cluster: cluster.name, user: 'backstage' },
      ],
      currentContext: cluster.name,
    });
    return {
      cluster,
      kubeConfig,
      customObjects: kubeConfig.makeApiClient(CustomObjectsApi),
    };
  }

  private tokenFor(cluster: ConfiguredCluster): string {
    if (cluster.authProvider !== 'serviceAccount') {
      throw new InputError(
        `Cluster '${cluster.name}' uses authProvider '${
          cluster.authProvider || '(none)'
        }'; the Crossplane actions only support 'serviceAccount' (a token in kubernetes.clusterLocatorMethods[].clusters[].serviceAccountToken, or the in-cluster service account)`,
      );
    }
    if (cluster.serviceAccountToken) {
      return cluster.serviceAccountToken;
    }
    if (fs.existsSync(IN_CLUSTER_TOKEN_PATH)) {
      return fs.readFileSync(IN_CLUSTER_TOKEN_PATH, 'utf8').trim();
    }
    throw new InputError(
      `Cluster '${cluster.name}' has no serviceAccountToken configured and the backend does not run in a pod with a service account token`,
    );
  }
}
