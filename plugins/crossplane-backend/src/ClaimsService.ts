import { Config } from '@backstage/config';
import {
  ClaimSummary,
  EntityClaims,
} from '@internal/backstage-plugin-crossplane-common';
import {
  ClaimClient,
  ClaimObject,
  ClaimRef,
  ClusterClientProvider,
  condition,
  KUBERNETES_ID_LABEL,
} from '@internal/backstage-plugin-crossplane-node';

/** A claim kind to look for. */
export type ClaimType = Pick<ClaimRef, 'apiVersion' | 'kind' | 'plural'>;

export const DEFAULT_CLAIM_TYPES: ClaimType[] = [
  {
    apiVersion: 'db.example.org/v1alpha1',
    kind: 'PostgreSQLDatabase',
    plural: 'postgresqldatabases',
  },
];

function summarize(cluster: string, claim: ClaimObject): ClaimSummary {
  return {
    cluster,
    apiVersion: claim.apiVersion,
    kind: claim.kind,
    namespace: claim.metadata.namespace ?? '',
    name: claim.metadata.name,
    ready: condition(claim, 'Ready')?.status === 'True',
    synced: condition(claim, 'Synced')?.status === 'True',
    conditions: claim.status?.conditions ?? [],
    compositionName: claim.spec?.compositionRef?.name,
    compositeName: claim.spec?.resourceRef?.name,
    connectionSecretName: claim.spec?.writeConnectionSecretToRef?.name,
    createdAt: claim.metadata.creationTimestamp,
    kubernetesId: claim.metadata.labels?.[KUBERNETES_ID_LABEL],
  };
}

/** Lists claims labelled with an entity's kubernetes id on every cluster. */
export class ClaimsService {
  static fromConfig(config: Config) {
    const types =
      config.getOptionalConfigArray('crossplane.claimTypes')?.map(c => ({
        apiVersion: c.getString('apiVersion'),
        kind: c.getString('kind'),
        plural: c.getString('plural'),
      })) ?? DEFAULT_CLAIM_TYPES;
    return new ClaimsService(ClusterClientProvider.fromConfig(config), types);
  }

  constructor(
    private readonly clusters: ClusterClientProvider,
    private readonly types: ClaimType[],
  ) {}

  async claimsFor(kubernetesId: string): Promise<EntityClaims> {
    return this.list(`${KUBERNETES_ID_LABEL}=${kubernetesId}`);
  }

  /** Every claim of the portal's services: those with a kubernetes-id label. */
  async allClaims(): Promise<EntityClaims> {
    return this.list(KUBERNETES_ID_LABEL);
  }

  private async list(selector: string): Promise<EntityClaims> {
    const result: EntityClaims = { items: [], errors: [], committed: [] };
    await Promise.all(
      this.clusters.clusterNames().flatMap(cluster =>
        this.types.map(async type => {
          try {
            const client = new ClaimClient(this.clusters.getClients(cluster));
            const claims = await client.listAllNamespaces(type, selector);
            result.items.push(...claims.map(c => summarize(cluster, c)));
          } catch (err) {
            result.errors.push({
              cluster,
              kind: type.kind,
              message: (err as Error).message,
            });
          }
        }),
      ),
    );
    result.items.sort((a, b) =>
      `${a.cluster}/${a.namespace}/${a.name}`.localeCompare(
        `${b.cluster}/${b.namespace}/${b.name}`,
      ),
    );
    return result;
  }
}
