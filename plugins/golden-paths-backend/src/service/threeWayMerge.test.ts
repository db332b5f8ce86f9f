import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { mergeTemplateDelta } from './threeWayMerge';

const labels = { ours: 'main (your team)', base: 'v1', theirs: 'v2' };
const file = (p: string, content: string, executable = false) => ({
  path: p,
  content: Buffer.from(content),
  executable,
});

describe('mergeTemplateDelta', () => {
  let work: string;
  beforeEach(async () => {
    work = await fs.mkdtemp(path.join(os.tmpdir(), 'merge-test-'));
  });
  afterEach(() => fs.rm(work, { recursive: true, force: true }));

  const write = (p: string, content: string) =>
    fs
      .mkdir(path.dirname(path.join(work, p)), { recursive: true })
      .then(() => fs.writeFile(path.join(work, p), content));
  const read = (p: string) => fs.readFile(path.join(work, p), 'utf8');
  const exists = (p: string) =>
    fs.stat(path.join(work, p)).then(
      () => true,
      () => false,
    );

  it('settles every case the way copier does, and lists what it could not', async () => {
    await write('unchanged-by-template.txt', 'team edit\n');
    await write('same-as-new.txt', 'v2\n');
    await write('untouched.txt', 'v1\n');
    await write('merged.txt', 'team line\nb\nc\n');
    await write('conflict.txt', 'team\n');
    await write('removed-clean.txt', 'old\n');
    await write('removed-edited.txt', 'edited\n');
    await write('added-by-both.txt', 'ours\n');
    // changed-by-template-removed-by-team.txt: the team deleted it
    const result = await mergeTemplateDelta({
      workTree: work,
      labels,
      oldRender: [
        file('unchanged-by-template.txt', 'x\n'),
        file('same-as-new.txt', 'v1\n'),
        file('untouched.txt', 'v1\n'),
        file('merged.txt', 'a\nb\nc\n'),
        file('conflict.txt', 'base\n'),
        file('removed-clean.txt', 'old\n'),
        file('removed-edited.txt', 'old\n'),
        file('deleted-by-team.txt', 'old\n'),
        file('.backstage/golden-path.json', '{"templateVersion":"1.0.0"}'),
      ],
      newRender: [
        file('unchanged-by-template.txt', 'x\n'),
        file('same-as-new.txt', 'v2\n'),
        file('untouched.txt', 'v2\n'),
        file('merged.txt', 'a\nb\nc changed\n'),
        file('conflict.txt', 'template\n'),
        file('deleted-by-team.txt', 'new\n'),
        file('added.sh', '#!/bin/sh\n', true),
        file('added-by-both.txt', 'theirs\n'),
        file('.backstage/golden-path.json', '{"templateVersion":"2.0.0"}'),
      ],
    });
    expect(result.conflicts).toEqual([
      { path: 'added-by-both.txt', reason: 'added-by-both' },
      { path: 'conflict.txt', reason: 'both-changed' },
      {
        path: 'deleted-by-team.txt',
        reason: 'changed-by-template-removed-by-team',
      },
      {
        path: 'removed-edited.txt',
        reason: 'removed-by-template-changed-by-team',
      },
    ]);
    expect(result.changedFiles).toEqual([
      'added-by-both.txt',
      'added.sh',
      'conflict.txt',
      'merged.txt',
      'removed-clean.txt',
      'untouched.txt',
    ]);
    expect(await read('unchanged-by-template.txt')).toBe('team edit\n');
    expect(await read('untouched.txt')).toBe('v2\n');
    expect(await read('merged.txt')).toBe('team line\nb\nc changed\n');
    expect(await read('conflict.txt')).toBe(
      '<<<<<<< main (your team)\nteam\n=======\ntemplate\n>>>>>>> v2\n',
    );
    expect(await exists('removed-clean.txt')).toBe(false);
    expect(await read('removed-edited.txt')).toBe('edited\n');
    expect(await exists('deleted-by-team.txt')).toBe(false);
    // eslint-disable-next-line no-bitwise
    expect((await fs.stat(path.join(work, 'added.sh'))).mode & 0o111).not.toBe(
      0,
    );
    // the record is the caller's to write
    expect(await exists('.backstage/golden-path.json')).toBe(false);
  });
});
