import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  ServiceUpgrade,
  TemplateVersionSummary,
} from '@internal/backstage-plugin-golden-paths-common';
import { TreeFile } from '@internal/backstage-plugin-golden-paths-node';
import { Knex } from 'knex';
import { isUniqueViolation, migratedClient, toIso } from './database';

/** A template version with everything needed to render it offline. */
export interface TemplateSnapshot extends TemplateVersionSummary {
  /** The Template entity: apiVersion, kind, metadata, spec. */
  template: Record<string, any>;
  /** The files its fetch steps read, relative to the template file. */
  files: TreeFile[];
}

/** Template versions (immutable once stored) and services' upgrade branches. */
export class GoldenPathsStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<GoldenPathsStore> {
    return new GoldenPathsStore(await migratedClient(options.database));
  }

  /** Stored versions never change: read once per process. */
  private readonly versions = new Map<
    string,
    Promise<TemplateSnapshot | undefined>
  >();

  private constructor(private readonly db: Knex) {}

  /**
   * Stores a version unless it is already stored; either way returns what
   * is stored: a version is what was first seen under its number.
   */
  async addVersion(snapshot: TemplateSnapshot): Promise<TemplateSnapshot> {
    const known = await this.versions.get(
      `${snapshot.templateRef}\0${snapshot.version}`,
    );
    if (known) return known;
    try {
      await this.db('template_versions').insert({
        template_ref: snapshot.templateRef,
        version: snapshot.version,
        snapshot_hash: snapshot.snapshotHash,
        template: JSON.stringify(snapshot.template),
        files: JSON.stringify(
          snapshot.files.map(f => ({
            path: f.path,
            base64Content: f.content.toString('base64'),
            executable: Boolean(f.executable),
          })),
        ),
        captured_at: new Date(snapshot.capturedAt),
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    return (await this.getVersion(snapshot.templateRef, snapshot.version))!;
  }

  async getVersion(
    templateRef: string,
    version: string,
  ): Promise<TemplateSnapshot | undefined> {
    const key = `${templateRef}\0${version}`;
    if (!this.versions.has(key)) {
      const read = this.readVersion(templateRef, version);
      this.versions.set(key, read);
      // only what is stored is kept
      read.then(
        v => (v ? undefined : this.versions.delete(key)),
        () => this.versions.delete(key),
      );
    }
    return this.versions.get(key)!;
  }

  private async readVersion(
    templateRef: string,
    version: string,
  ): Promise<TemplateSnapshot | undefined> {
    const row = await this.db('template_versions')
      .where({ template_ref: templateRef, version })
      .first();
    if (!row) return undefined;
    return {
      templateRef: row.template_ref,
      version: row.version,
      snapshotHash: row.snapshot_hash,
      capturedAt: toIso(row.captured_at),
      template: JSON.parse(row.template),
      files: (
        JSON.parse(row.files) as Array<{
          path: string;
          base64Content: string;
          executable: boolean;
        }>
      ).map(f => ({
        path: f.path,
        content: Buffer.from(f.base64Content, 'base64'),
        executable: f.executable,
      })),
    };
  }

  async listVersions(): Promise<TemplateVersionSummary[]> {
    const rows = await this.db('template_versions')
      .select('template_ref', 'version', 'snapshot_hash', 'captured_at')
      .orderBy([{ column: 'template_ref' }, { column: 'captured_at' }]);
    return rows.map(row => ({
      templateRef: row.template_ref,
      version: row.version,
      snapshotHash: row.snapshot_hash,
      capturedAt: toIso(row.captured_at),
    }));
  }

  /** One row per service: a new run replaces the previous one. */
  async saveUpgrade(upgrade: ServiceUpgrade): Promise<void> {
    await this.db('service_upgrades')
      .insert({
        entity_ref: upgrade.entityRef,
        template_ref: upgrade.templateRef,
        from_version: upgrade.fromVersion,
        to_version: upgrade.toVersion,
        branch: upgrade.branch,
        commit_sha: upgrade.commit,
        state: upgrade.state,
        conflicts: JSON.stringify(upgrade.conflicts),
        changed_files: JSON.stringify(upgrade.changedFiles),
        base_verified: upgrade.baseVerified,
        review: upgrade.review,
        pull_request: upgrade.pullRequest
          ? JSON.stringify(upgrade.pullRequest)
          : null,
        updated_at: new Date(upgrade.updatedAt),
      })
      .onConflict('entity_ref')
      .merge();
  }

  async listUpgrades(
    filter: { entityRef?: string } = {},
  ): Promise<ServiceUpgrade[]> {
    const query = this.db('service_upgrades').orderBy('entity_ref');
    if (filter.entityRef) query.where({ entity_ref: filter.entityRef });
    const rows = await query;
    return rows.map(row => ({
      entityRef: row.entity_ref,
      templateRef: row.template_ref,
      fromVersion: row.from_version,
      toVersion: row.to_version,
      branch: row.branch,
      commit: row.commit_sha,
      state: row.state,
      conflicts: JSON.parse(row.conflicts),
      changedFiles: JSON.parse(row.changed_files),
      baseVerified: Boolean(row.base_verified),
      review: row.review,
      ...(row.pull_request
        ? { pullRequest: JSON.parse(row.pull_request) }
        : {}),
      updatedAt: toIso(row.updated_at),
    }));
  }
}
