import {
  UrlReaderService,
  UrlReaderServiceReadTreeOptions,
  UrlReaderServiceReadTreeResponse,
  UrlReaderServiceReadUrlOptions,
  UrlReaderServiceReadUrlResponse,
  UrlReaderServiceSearchOptions,
  UrlReaderServiceSearchResponse,
} from '@backstage/backend-plugin-api';
import {
  ReaderFactory,
  ReadTreeResponseFactory,
} from '@backstage/backend-defaults/urlReader';
import { NotFoundError, NotModifiedError } from '@backstage/errors';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { git } from './git';
import { LocalGitLayout, readLocalGitLayout } from './localGitConfig';

/**
 * Reads `file://` URLs inside the working copies that `publish:local-git`
 * keeps under `<baseDir>/checkouts`, so `catalog:register` (which registers
 * `url` locations) and TechDocs (`backstage.io/techdocs-ref: dir:.`) work
 * for locally published repositories. Nothing outside that directory is
 * readable through it.
 *
 * @public
 */
export class LocalGitUrlReader implements UrlReaderService {
  static factory: ReaderFactory = ({ config, treeResponseFactory }) => {
    const layout = readLocalGitLayout(config);
    const reader = new LocalGitUrlReader(layout, treeResponseFactory);
    return [{ reader, predicate: url => reader.handles(url) }];
  };

  private readonly root: string;

  constructor(
    layout: LocalGitLayout,
    private readonly treeResponseFactory: ReadTreeResponseFactory,
  ) {
    this.root = path.join(layout.baseDir, 'checkouts');
  }

  handles(url: URL): boolean {
    if (url.protocol !== 'file:') return false;
    const p = fileURLToPath(url);
    return p.startsWith(this.root + path.sep);
  }

  private toPath(url: string): string {
    const parsed = new URL(url);
    if (!this.handles(parsed)) {
      throw new NotFoundError(`${url} is not inside ${this.root}`);
    }
    return fileURLToPath(parsed);
  }

  /** The working copy a path belongs to: <root>/<repo>. */
  private repoDir(p: string): string {
    const [repo] = path.relative(this.root, p).split(path.sep);
    return path.join(this.root, repo);
  }

  async readUrl(
    url: string,
    options?: UrlReaderServiceReadUrlOptions,
  ): Promise<UrlReaderServiceReadUrlResponse> {
    const file = this.toPath(url);
    const stat = await fs.stat(file).catch(() => undefined);
    if (!stat?.isFile()) {
      throw new NotFoundError(`${url} does not exist`);
    }
    const buffer = await fs.readFile(file);
    const etag = createHash('sha256').update(buffer).digest('hex');
    if (options?.etag === etag) {
      throw new NotModifiedError();
    }
    return {
      buffer: async () => buffer,
      stream: () => Readable.from(buffer),
      etag,
      lastModifiedAt: stat.mtime,
    };
  }

  async readTree(
    url: string,
    options?: UrlReaderServiceReadTreeOptions,
  ): Promise<UrlReaderServiceReadTreeResponse> {
    const dir = this.toPath(url);
    const stat = await fs.stat(dir).catch(() => undefined);
    if (!stat?.isDirectory()) {
      throw new NotFoundError(`${url} is not a directory`);
    }
    const head = await git(['rev-parse', 'HEAD'], { cwd: this.repoDir(dir) });
    const etag = `${head}:${path.relative(this.root, dir)}`;
    if (options?.etag === etag) {
      throw new NotModifiedError();
    }
    const files: Array<{ data: Readable; path: string; lastModifiedAt: Date }> =
      [];
    const walk = async (current: string) => {
      for (const entry of await fs.readdir(current, { withFileTypes: true })) {
        const full = path.join(current, entry.name);
        const rel = path.relative(dir, full);
        if (entry.name === '.git') continue;
        if (entry.isDirectory()) {
          await walk(full);
        } else if (entry.isFile()) {
          const info = await fs.stat(full);
          if (options?.filter && !options.filter(rel, { size: info.size })) {
            continue;
          }
          files.push({
            data: createReadStream(full),
            path: rel.split(path.sep).join('/'),
            lastModifiedAt: info.mtime,
          });
        }
      }
    };
    await walk(dir);
    const response = await this.treeResponseFactory.fromReadableArray(files);
    return Object.assign(response, { etag });
  }

  async search(
    url: string,
    options?: UrlReaderServiceSearchOptions,
  ): Promise<UrlReaderServiceSearchResponse> {
    // Working copies hold exact paths only (no globbing needed by the catalog
    // for the locations publish:local-git produces).
    try {
      const response = await this.readUrl(url, { etag: options?.etag });
      return {
        etag: response.etag ?? '',
        files: [
          {
            url,
            content: response.buffer,
            lastModifiedAt: response.lastModifiedAt,
          },
        ],
      };
    } catch (error) {
      if ((error as Error).name === 'NotFoundError') {
        return { etag: '', files: [] };
      }
      throw error;
    }
  }

  toString() {
    return `local-git{root=${this.root}}`;
  }
}
