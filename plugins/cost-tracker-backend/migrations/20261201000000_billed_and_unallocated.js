/**
 * FOCUS BilledCost beside the showback amount (EffectiveCost), and the daily
 * costs no catalog entity claims, so that team totals plus unallocated cost
 * add up to the bill.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('cost_daily', table => {
    table
      .double('billed_amount')
      .comment('FOCUS BilledCost; amount (EffectiveCost) holds the showback');
  });
  await knex('cost_daily').update({ billed_amount: knex.ref('amount') });

  await knex.schema.createTable('cost_unallocated_daily', table => {
    table.comment(
      'Daily cost no catalog entity claims, per what was not matched and source',
    );
    table
      .string('key')
      .notNullable()
      .comment(
        'what was not matched, e.g. tags {"app":"x"} or label \'__idle__\'',
      );
    table.string('day', 10).notNullable().comment('YYYY-MM-DD, UTC');
    table.string('category', 16).notNullable();
    table.string('source').notNullable();
    table.text('reason').notNullable();
    table.double('amount').notNullable();
    table.double('billed_amount').notNullable();
    table.timestamp('updated_at').notNullable().defaultTo(knex.fn.now());
    table.primary(['source', 'day', 'category', 'key']);
    table.index(['day'], 'cost_unallocated_daily_day_idx');
  });
  await knex.schema.alterTable('cost_daily', table => {
    table.index(['source', 'day'], 'cost_daily_source_day_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('cost_daily', table => {
    table.dropIndex(['source', 'day'], 'cost_daily_source_day_idx');
    table.dropColumn('billed_amount');
  });
  await knex.schema.dropTable('cost_unallocated_daily');
};
