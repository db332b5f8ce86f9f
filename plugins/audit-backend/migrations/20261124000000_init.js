/**
 * The audit trail: one row per auditor event (initiated, succeeded or
 * failed), the entities each one is about, and whether the row has been
 * forwarded to the configured JSON lines sink.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('audit_events', table => {
    table.comment('Stored auditor events of every plugin (redacted)');
    table.bigIncrements('seq').comment('Insertion order');
    table.string('id', 36).notNullable().unique().comment('Record UUID');
    table
      .bigInteger('occurred_at')
      .notNullable()
      .comment('Milliseconds since the epoch, UTC');
    table.string('plugin').notNullable();
    table.string('action').notNullable().comment('<plugin>.<eventId>[.<kind>]');
    table.string('severity', 16).notNullable();
    table.string('status', 16).notNullable();
    table.string('outcome', 16).notNullable();
    table.string('actor').comment('User entity ref or service subject');
    table.text('record').notNullable().comment('The whole record as JSON');
    table
      .bigInteger('forwarded_at')
      .comment('When the sink accepted it (ms); null while pending');
    table.index(['occurred_at'], 'audit_events_time_idx');
    table.index(['actor', 'occurred_at'], 'audit_events_actor_idx');
    table.index(['action', 'occurred_at'], 'audit_events_action_idx');
    table.index(['forwarded_at', 'seq'], 'audit_events_forward_idx');
  });

  await knex.schema.createTable('audit_event_entities', table => {
    table.comment('Entities (and location targets) an audit event is about');
    table
      .bigInteger('event_seq')
      .unsigned()
      .notNullable()
      .references('seq')
      .inTable('audit_events')
      .onDelete('CASCADE');
    table.string('entity_ref').notNullable().comment('Lower case');
    table.primary(['event_seq', 'entity_ref']);
    table.index(['entity_ref'], 'audit_event_entities_ref_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('audit_event_entities');
  await knex.schema.dropTable('audit_events');
};
