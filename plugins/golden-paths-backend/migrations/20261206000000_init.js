// @ts-check

/**
 * Template versions as they were first seen (every version stays renderable)
 * and the upgrade branch of each service.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('template_versions', table => {
    table.string('template_ref').notNullable();
    table.string('version').notNullable();
    // sha256 of the files below and the template entity
    table.string('snapshot_hash').notNullable();
    // the Template entity (apiVersion, kind, metadata, spec) as JSON
    table.text('template').notNullable();
    // [{ path, base64Content, executable }] relative to the template file
    table.text('files', 'longtext').notNullable();
    table.timestamp('captured_at', { useTz: true }).notNullable();
    table.primary(['template_ref', 'version']);
  });
  await knex.schema.createTable('service_upgrades', table => {
    table.string('entity_ref').primary();
    table.string('template_ref').notNullable();
    table.string('from_version').notNullable();
    table.string('to_version').notNullable();
    table.string('branch').notNullable();
    table.string('commit_sha').notNullable();
    table.string('state').notNullable();
    table.text('conflicts').notNullable();
    table.text('changed_files').notNullable();
    table.boolean('base_verified').notNullable();
    // open | merged | closed
    table.string('review').notNullable().defaultTo('open');
    // { number, url } of the GitHub pull request, null with local git
    table.text('pull_request').nullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.index(['template_ref']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('service_upgrades');
  await knex.schema.dropTable('template_versions');
};
