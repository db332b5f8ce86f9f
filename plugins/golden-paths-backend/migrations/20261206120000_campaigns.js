// @ts-check

/**
 * Upgrade campaigns and their services, one row each, claimed by the replica
 * that upgrades it (so that a killed replica's services are resumed by
 * another, and none is upgraded by two at once).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('upgrade_campaigns', table => {
    table.string('id').primary();
    table.string('template_ref').notNullable();
    table.string('below_version').nullable();
    table.string('to_version').notNullable();
    // values for the new version's questions, as JSON; null: none given
    table.text('parameters').nullable();
    table.string('created_by').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('finished_at', { useTz: true }).nullable();
    // running | completed | failed
    table.string('status').notNullable();
    // The template while the campaign runs, null once it has finished: at
    // most one running campaign per golden path (NULLs are not unique).
    table.string('running_template_ref').nullable().unique();
    table.integer('total').notNullable();
    table.index(['template_ref', 'created_at']);
    table.index(['status']);
  });
  await knex.schema.createTable('upgrade_campaign_items', table => {
    table
      .string('campaign_id')
      .notNullable()
      .references('id')
      .inTable('upgrade_campaigns')
      .onDelete('CASCADE');
    table.string('entity_ref').notNullable();
    // pending | running | clean | conflicts | up-to-date | failed
    table.string('status').notNullable();
    // why it failed
    table.text('message').nullable();
    // the claim of the replica upgrading it, renewed while it works
    table.string('claim_id').nullable();
    table.timestamp('claimed_at', { useTz: true }).nullable();
    table.timestamp('started_at', { useTz: true }).nullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.integer('attempts').notNullable().defaultTo(0);
    table.primary(['campaign_id', 'entity_ref']);
    table.index(['status', 'claimed_at']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('upgrade_campaign_items');
  await knex.schema.dropTable('upgrade_campaigns');
};
