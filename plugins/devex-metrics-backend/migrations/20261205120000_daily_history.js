/**
 * Daily history that survives restarts: one row per UTC day and figure, and
 * one row per UTC day and entity or team for readiness levels. A later
 * computation on the same day replaces the day's rows (upsert on the
 * primary key). `devex_snapshots.fingerprint` lets the live recompute skip
 * computations whose inputs did not change.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('devex_daily_metrics', table => {
    table.comment('One value per UTC day and figure; re-recording replaces it');
    table.string('day', 10).notNullable().comment('UTC day, YYYY-MM-DD');
    table
      .string('key', 128)
      .notNullable()
      .comment('e.g. golden_path.adoption_percent, readiness.level.silver');
    table.double('value').nullable().comment('null: no data that day');
    table.timestamp('recorded_at').notNullable();
    table.primary(['day', 'key']);
  });

  await knex.schema.createTable('devex_daily_readiness', table => {
    table.comment(
      'Readiness level per UTC day of each entity and team; re-recording replaces it',
    );
    table.string('day', 10).notNullable().comment('UTC day, YYYY-MM-DD');
    table.string('subject_type', 8).notNullable().comment("'entity' or 'team'");
    table
      .string('subject_ref', 512)
      .notNullable()
      .comment('entity ref, or the owner ref of a team');
    table.string('level', 64).nullable().comment('null: no level');
    table.text('data').notNullable().comment('JSON: checks or team roll-up');
    table.timestamp('recorded_at').notNullable();
    table.primary(['day', 'subject_type', 'subject_ref']);
    table.index(
      ['subject_type', 'subject_ref', 'day'],
      'devex_daily_readiness_subject_idx',
    );
  });

  await knex.schema.alterTable('devex_snapshots', table => {
    table
      .string('fingerprint', 64)
      .nullable()
      .comment('Hash of the inputs of this computation');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('devex_snapshots', table => {
    table.dropColumn('fingerprint');
  });
  await knex.schema.dropTable('devex_daily_readiness');
  await knex.schema.dropTable('devex_daily_metrics');
};
