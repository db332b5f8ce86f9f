/**
 * What every Acme portal backend runs with besides the plugins: readiness
 * that checks PostgreSQL and Redis, startup serialized across replicas, and
 * the egress guard.
 *
 * @packageDocumentation
 */

export { readinessServiceFactory } from './readiness';
export { loopbackUncompressedRootHttpRouterServiceFactory } from './loopbackCompression';
export { serializedStartupDatabaseServiceFactory } from './serializedStartup';
export { egressGuardPlugin } from './egressGuardPlugin';
export { DEFAULT_DENIED_CIDRS, EgressRefusedError } from './egressGuard';
