/**
 * Test utilities: a Kubernetes API stand-in on 127.0.0.1 for claims.
 *
 * @packageDocumentation
 */

export * from './testUtils/FakeKubernetesApi';
