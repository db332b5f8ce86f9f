/**
 * Backend helpers shared by the portal's plugins, the backend counterpart of
 * `@internal/backstage-plugin-portal-react`.
 *
 * @packageDocumentation
 */
export { parseInput } from './parseInput';
export type { InputSchema, ParseInputOptions } from './parseInput';
export { catalogChangeStampReader } from './catalogChangeStamp';
