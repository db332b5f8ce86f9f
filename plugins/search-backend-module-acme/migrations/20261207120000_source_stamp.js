/**
 * The stamp of the source each index was written from (for the catalog, its
 * change stamp), so that a run finding the same stamp keeps the index
 * instead of reading the whole source again.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('acme_search_index_status', table => {
    table.text('source_stamp');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('acme_search_index_status', table => {
    table.dropColumn('source_stamp');
  });
};
