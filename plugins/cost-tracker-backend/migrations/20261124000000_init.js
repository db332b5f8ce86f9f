/**
 * Daily cost rows, ingestion status per source, and budget alerts already sent.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('cost_daily', table => {
    table.comment('One row per entity, UTC day, cost category and source');
    table.string('entity_ref').notNullable();
    table.string('day', 10).notNullable().comment('YYYY-MM-DD, UTC');
    table.string('category', 16).notNullable();
    table
      .string('source')
      .notNullable()
      .comment("'opencost' or 'focus:<file name>'");
    table.double('amount').notNullable();
    table.timestamp('updated_at').notNullable().defaultTo(knex.fn.now());
    table.primary(['entity_ref', 'day', 'category', 'source']);
    table.index(['day'], 'cost_daily_day_idx');
  });

  await knex.schema.createTable('cost_ingestion_status', table => {
    table.string('source').primary();
    table.string('status', 16).notNullable();
    table.text('message');
    table.integer('rows_ingested').notNullable().defaultTo(0);
    table.integer('rows_rejected').notNullable().defaultTo(0);
    table.text('rejections').comment('JSON array of { line, reason }');
    table.timestamp('last_attempt_at').notNullable();
    table.timestamp('last_success_at');
  });

  await knex.schema.createTable('cost_budget_alerts', table => {
    table.string('entity_ref').notNullable();
    table.string('period', 7).notNullable().comment('YYYY-MM');
    table.double('budget').notNullable();
    table.double('spent').notNullable();
    table.timestamp('notified_at').notNullable();
    table.primary(['entity_ref', 'period']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('cost_budget_alerts');
  await knex.schema.dropTable('cost_ingestion_status');
  await knex.schema.dropTable('cost_daily');
};
