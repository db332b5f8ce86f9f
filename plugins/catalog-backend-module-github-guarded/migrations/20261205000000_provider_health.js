/**
 * The health of each GitHub ingestion provider, in the catalog's database
 * (tables prefixed github_guarded__, migrations in their own table), so that
 * every replica reports the run that one of them made.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('github_guarded__provider_health', table => {
    table.comment(
      'Last run of each GitHub ingestion provider (catalog-backend-module-github-guarded)',
    );
    table.string('provider', 255).primary();
    table.string('kind', 32).notNullable().comment('discovery | org');
    table.string('task_id', 255).notNullable();
    table
      .string('status', 32)
      .notNullable()
      .comment('scheduled | running | retrying | succeeded | failed');
    table.string('last_run_started_at', 32).nullable().comment('ISO 8601');
    table.string('last_run_ended_at', 32).nullable().comment('ISO 8601');
    table.string('last_success_at', 32).nullable().comment('ISO 8601');
    table.integer('entities_found').nullable();
    table
      .text('errors')
      .notNullable()
      .comment('JSON array: the failed attempts of the last run');
    table
      .text('rate_limit')
      .nullable()
      .comment('JSON array of RateLimitBudget, after the last run');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('github_guarded__provider_health');
};
