/**
 * Kubernetes access for Crossplane claims, shared by the crossplane backend
 * plugin and the scaffolder module: clients for the clusters configured under
 * `kubernetes.clusterLocatorMethods`, claim reads/writes/watches, and
 * actionable errors.
 *
 * @packageDocumentation
 */

export * from './ClusterClientProvider';
export * from './claims';
export * from './errors';
