/**
 * The scaffolder action `acme:golden-path:record`: a repository generated
 * from a golden path records how it was made, so the upgrade engine
 * (golden-paths-backend) can offer it the template's later versions.
 *
 * @packageDocumentation
 */
export { scaffolderModuleGoldenPaths as default } from './module';
export { createRecordGoldenPathAction } from './actions/recordGoldenPath';
export { createAddDbMigrationAction } from './actions/addDbMigration';
