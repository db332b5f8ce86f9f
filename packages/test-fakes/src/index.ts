/**
 * Stand-ins for the external systems the portal talks to, for tests and
 * local browser runs: real HTTP servers on 127.0.0.1 speaking each system's
 * wire format. Also a stand-in `pagerduty` backend plugin, a Prometheus
 * text parser, the test databases (PostgreSQL required) for backend tests,
 * and the checks a repository generated from a golden path must pass.
 *
 * @packageDocumentation
 */

export * from './databases';
export * from './github';
export * from './goldenPathChecks';
export * from './pagerduty';
export * from './ports';
export * from './prometheus';
