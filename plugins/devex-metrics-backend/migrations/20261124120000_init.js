/**
 * Metric snapshots, deployment events, survey answers and the first deploys
 * already exported to the time_to_first_deploy_seconds histogram.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('devex_snapshots', table => {
    table.comment('One row per computation (scheduled or POST /refresh)');
    table.increments('id');
    table.timestamp('computed_at').notNullable();
    table.text('data').notNullable().comment('JSON DevexSnapshot');
    table.index(['computed_at'], 'devex_snapshots_computed_at_idx');
  });

  await knex.schema.createTable('devex_deployments', table => {
    table.comment('Deployment events from GitHub webhooks and other CI');
    table.increments('id');
    table
      .string('delivery_id')
      .unique()
      .comment('Idempotency key: X-GitHub-Delivery or the sender id');
    table.string('source', 16).notNullable().comment("'github' or 'generic'");
    table.string('entity_ref').comment('Set when the sender named the entity');
    table
      .string('repository')
      .comment('owner/name, for github.com/project-slug');
    table.string('environment').notNullable();
    table.string('status', 32).notNullable();
    table.timestamp('deployed_at').notNullable();
    table.timestamp('received_at').notNullable();
    table.index(['entity_ref'], 'devex_deployments_entity_idx');
    table.index(['repository'], 'devex_deployments_repo_idx');
  });

  await knex.schema.createTable('devex_survey_answers', table => {
    table.comment('DevEx survey: one answer per user per period');
    table.increments('id');
    table.string('user_ref').notNullable();
    table.string('period', 16).notNullable().comment('2026-Q4 or 2026-11');
    table.integer('score').notNullable().comment('0..10');
    table.text('comment');
    table.timestamp('answered_at').notNullable();
    table.unique(['user_ref', 'period'], {
      indexName: 'devex_survey_answers_user_period_uq',
    });
  });

  await knex.schema.createTable('devex_first_deploys', table => {
    table.comment('Time to first deploy per service, recorded once');
    table.string('entity_ref').primary();
    table.timestamp('created_at').notNullable();
    table.timestamp('first_deploy_at').notNullable();
    table.double('seconds').notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('devex_first_deploys');
  await knex.schema.dropTable('devex_survey_answers');
  await knex.schema.dropTable('devex_deployments');
  await knex.schema.dropTable('devex_snapshots');
};
