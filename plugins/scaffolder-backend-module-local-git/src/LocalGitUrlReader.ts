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
import { fileURLToPath, pathToFileURL } from 'node:url';
import { git } from './git';
import { LocalGitLayout, readLocalGitLayout } from './localGitConfig';

/**
 * A regular expression for a glob over `/`-separated paths: `**` any number
 * of folders, `*` and `?` within one name, `{a,b}` alternatives.
 */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      re += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') {
      re += '[^/]*';
    } else if (c === '?') {
      re += '[^/]';
    } else if (c === '{') {
      const end = glob.indexOf('}', i);
      if (end < 0) {
        re += '\\{';
        continue;
      }
      re += `(?:${glob
        .slice(i + 1, end)
        .split(',')
        .map(a => a.replace(/[.+^$()|[\]\\]/g, '\\$&'))
        .join('|')})`;
      i = end;
    } else {
      re += c.replace(/[.+^$()|[\]\\{}]/g, '\\$&');
    }
  }
  return new RegExp(`^${re}$`);
}

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
    const target = this.toPath(url);
    if (!/[*?{]/.test(target)) {
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
    // A glob (e.g. .github/workflows/*.{yml,yaml}): the files under its
    // static part whose path relative to the repository matches.
    const segments = target.split(path.sep);
    const firstGlob = segments.findIndex(s => /[*?{]/.test(s));
    const base = segments.slice(0, firstGlob).join(path.sep);
    const pattern = globToRegExp(segments.slice(firstGlob).join('/'));
    const repo = this.repoDir(target);
    const head = await git(['rev-parse', 'HEAD'], { cwd: repo });
    const etag = `${head}:${path.relative(this.root, target)}`;
    if (options?.etag === etag) {
      throw new NotModifiedError();
    }
    const files: UrlReaderServiceSearchResponse['files'] = [];
    const walk = async (dir: string) => {
      const entries = await fs
        .readdir(dir, { withFileTypes: true })
        .catch(() => []);
      for (const entry of entries) {
        const full = path.join(dir, entry.name);
        if (entry.name === '.git') continue;
        if (entry.isDirectory()) {
          await walk(full);
        } else if (
          entry.isFile() &&
          pattern.test(path.relative(base, full).split(path.sep).join('/'))
        ) {
          const info = await fs.stat(full);
          files.push({
            url: pathToFileURL(full).toString(),
            content: () => fs.readFile(full),
            lastModifiedAt: info.mtime,
          });
        }
      }
    };
    await walk(base);
    return { etag, files };
  }

  toString() {
    return `local-git{root=${this.root}}`;
  }
}
