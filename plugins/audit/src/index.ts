/**
 * The audit trail page (`/audit`) for portal admins.
 *
 * @packageDocumentation
 */

export { auditPlugin as default } from './plugin';
export { auditApiRef, AuditClient } from './api/AuditApi';
export type { AuditApi } from './api/AuditApi';
