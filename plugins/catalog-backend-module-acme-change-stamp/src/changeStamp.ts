import { createHash } from 'node:crypto';
import { Knex } from 'knex';

/** What `GET /api/catalog/acme/change-stamp` answers. */
export type CatalogChangeStamp = {
  /** Entities in the catalog (stitched, as reads return them). */
  entities: number;
  /**
   * Changes whenever an entity is added, removed or changed in any way a
   * read would show (relations and status included); equal stamps mean the
   * catalog reads the same.
   */
  stamp: string;
};

/**
 * The stamp is a digest of every stitched entity's hash. The catalog writes
 * `final_entities.hash` (of the whole entity as read, but its uid and etag)
 * each time it stitches an entity that changed, and deletes the row with the
 * entity, so the digest moves with every change and with nothing else. A digest rather
 * than the latest `last_updated_at`: a stitch that commits after a later
 * one would not move a maximum. Reading 40-byte hashes in order costs a
 * few milliseconds per 10,000 entities, where reading the entities
 * themselves costs seconds.
 */
export async function readCatalogChangeStamp(
  db: Knex,
): Promise<CatalogChangeStamp> {
  const rows: { hash: string }[] = await db('final_entities')
    .whereNotNull('final_entity')
    .select('hash')
    .orderBy('hash');
  const digest = createHash('sha256');
  for (const row of rows) {
    digest.update(`${row.hash}\n`);
  }
  return {
    entities: rows.length,
    stamp: `${rows.length}-${digest.digest('base64url')}`,
  };
}
