/**
 * Campaigns, their daily progress (the burn-up) and the notifications sent
 * to owners (once per campaign, owner and kind).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('campaigns', table => {
    table.comment('A target the platform team sets for a scope of entities');
    table.string('id', 64).primary();
    table.string('title', 200).notNullable();
    table.text('description').notNullable();
    table.text('scope').notNullable().comment('JSON CampaignScope');
    table.text('target').notNullable().comment('JSON CampaignTarget');
    table.string('start_date', 10).notNullable().comment('YYYY-MM-DD, UTC');
    table.string('deadline', 10).notNullable().comment('YYYY-MM-DD, UTC');
    table.string('created_by').notNullable();
    table.timestamp('created_at').notNullable();
    table.string('updated_by').notNullable();
    table.timestamp('updated_at').notNullable();
  });

  await knex.schema.createTable('campaign_progress', table => {
    table.comment('One row per campaign and day: the burn-up');
    table
      .string('campaign_id', 64)
      .notNullable()
      .references('id')
      .inTable('campaigns')
      .onDelete('CASCADE');
    table.string('day', 10).notNullable().comment('YYYY-MM-DD, UTC');
    table.integer('in_scope').notNullable();
    table.integer('at_target').notNullable();
    table.timestamp('recorded_at').notNullable();
    table.primary(['campaign_id', 'day']);
  });

  await knex.schema.createTable('campaign_notifications', table => {
    table.comment('Notifications sent to owners: each at most once');
    table
      .string('campaign_id', 64)
      .notNullable()
      .references('id')
      .inTable('campaigns')
      .onDelete('CASCADE');
    table.string('owner_ref').notNullable();
    table.string('kind', 32).notNullable().comment("'start' or 'reminder'");
    table.timestamp('sent_at').notNullable();
    table.primary(['campaign_id', 'owner_ref', 'kind']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('campaign_notifications');
  await knex.schema.dropTable('campaign_progress');
  await knex.schema.dropTable('campaigns');
};
