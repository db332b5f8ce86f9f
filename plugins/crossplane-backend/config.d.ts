export interface Config {
  /** Configuration of the crossplane backend plugin. */
  crossplane?: {
    /**
     * Claim kinds listed on entity pages; default the PostgreSQLDatabase
     * claim of db.example.org/v1alpha1. Clusters come from
     * kubernetes.clusterLocatorMethods.
     */
    claimTypes?: Array<{
      /** group/version, e.g. db.example.org/v1alpha1 */
      apiVersion: string;
      /** e.g. PostgreSQLDatabase */
      kind: string;
      /** e.g. postgresqldatabases */
      plural: string;
    }>;
  };
}
