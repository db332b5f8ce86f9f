/**
 * Index status next to the PostgreSQL search index, shared by every replica:
 * per document type whether its index is built, when and with how many
 * documents; and the progress of building every entity's TechDocs.
 *
 * The search plugin's database also holds the PostgreSQL engine's tables and
 * its knex_migrations, so this module keeps its own migrations table
 * (acme_search_knex_migrations).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('acme_search_index_status', table => {
    table.comment('One row per search document type');
    table.string('type').primary();
    table
      .boolean('ready')
      .notNullable()
      .defaultTo(false)
      .comment('A run completed after the prerequisites of the type were met');
    table.integer('documents').notNullable().defaultTo(0);
    table.timestamp('last_indexed_at', { useTz: true });
    table.timestamp('last_run_started_at', { useTz: true });
    table.timestamp('last_run_ended_at', { useTz: true });
    table.text('last_error');
  });

  await knex.schema.createTable('acme_search_techdocs_prebuild', table => {
    table.comment('Building the TechDocs of every entity (a single row)');
    table.string('id').primary();
    table.timestamp('last_pass_started_at', { useTz: true });
    table.timestamp('last_pass_ended_at', { useTz: true });
    table.timestamp('first_pass_completed_at', { useTz: true });
    table.integer('built').notNullable().defaultTo(0);
    table.integer('skipped').notNullable().defaultTo(0);
    table.integer('failed').notNullable().defaultTo(0);
    table.integer('entities').notNullable().defaultTo(0);
    table.text('last_error');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('acme_search_techdocs_prebuild');
  await knex.schema.dropTable('acme_search_index_status');
};
