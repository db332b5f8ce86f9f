/**
 * The Acme audit trail: stores, serves and forwards the auditor events of
 * every backend plugin.
 *
 * @packageDocumentation
 */

export { auditPlugin as default } from './plugin';
export {
  auditorServiceFactory,
  permissionDenialRecorderServiceFactory,
} from './trail/serviceFactories';
export {
  AuditRecordNotStoredError,
  auditTrailServiceRef,
} from './trail/AuditTrailService';
export type {
  AuditTrailService,
  AuditRecordWriter,
} from './trail/AuditTrailService';
export type { CapturedEvent } from './trail/toRecord';
