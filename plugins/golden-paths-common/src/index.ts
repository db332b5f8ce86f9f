/**
 * Rules of the golden paths shared by the New Service form (packages/app)
 * and the scaffolder actions (acme:validate-service), so both say the same.
 *
 * @packageDocumentation
 */
export { SERVICE_NAME_MAX_LENGTH, serviceNameProblem } from './serviceName';
