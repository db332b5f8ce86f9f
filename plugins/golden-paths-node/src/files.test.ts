import { GOLDEN_PATH_RECORD_PATH } from '@internal/backstage-plugin-golden-paths-common';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readTreeFiles, renderedContentHash } from './files';

describe('renderedContentHash', () => {
  const a = { path: 'a.txt', content: Buffer.from('A') };
  const b = { path: 'dir/b.txt', content: Buffer.from('B') };

  it('is the same whatever the order, and ignores the record itself', () => {
    const record = {
      path: GOLDEN_PATH_RECORD_PATH,
      content: Buffer.from('{}'),
    };
    expect(renderedContentHash([b, a, record])).toBe(
      renderedContentHash([a, b]),
    );
    expect(renderedContentHash([a, b])).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('changes with a content, a path, or a file moved between names', () => {
    const base = renderedContentHash([a, b]);
    expect(
      renderedContentHash([a, { ...b, content: Buffer.from('b') }]),
    ).not.toBe(base);
    expect(renderedContentHash([a, { ...b, path: 'dir/c.txt' }])).not.toBe(
      base,
    );
    // 'ab' + '' is not 'a' + 'b'
    expect(
      renderedContentHash([
        { path: 'x', content: Buffer.from('ab') },
        { path: 'y', content: Buffer.from('') },
      ]),
    ).not.toBe(
      renderedContentHash([
        { path: 'x', content: Buffer.from('a') },
        { path: 'y', content: Buffer.from('b') },
      ]),
    );
  });
});

describe('readTreeFiles', () => {
  it('lists files with relative paths and the executable bit, without .git', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'golden-paths-node-'));
    try {
      await fs.mkdir(path.join(dir, '.git'), { recursive: true });
      await fs.writeFile(path.join(dir, '.git', 'HEAD'), 'ref');
      await fs.mkdir(path.join(dir, 'scripts'));
      await fs.writeFile(path.join(dir, 'scripts', 'run.sh'), '#!/bin/sh\n', {
        mode: 0o755,
      });
      await fs.writeFile(path.join(dir, 'README.md'), 'hello');
      const files = await readTreeFiles(dir);
      expect(
        files.map(f => [f.path, f.executable, f.content.toString()]),
      ).toEqual([
        ['README.md', false, 'hello'],
        ['scripts/run.sh', true, '#!/bin/sh\n'],
      ]);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
