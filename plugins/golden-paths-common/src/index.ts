/**
 * Rules of the golden paths shared by the New Service form (packages/app),
 * the scaffolder actions (acme:validate-service, acme:golden-path:record)
 * and the upgrade engine (golden-paths-backend), so all say the same.
 *
 * @packageDocumentation
 */
export { SERVICE_NAME_MAX_LENGTH, serviceNameProblem } from './serviceName';
export * from './upgrades';
export * from './campaigns';
export {
  SOURCE_TEMPLATE_ANNOTATION,
  TEMPLATE_VERSION_ANNOTATION,
  sourceTemplateRef,
} from './sourceTemplate';
