import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The command as `yarn lint:catalog` runs it, in a child process. */
const BIN = path.resolve(__dirname, '../bin/catalog-lint');
const REPO_ROOT = path.resolve(__dirname, '../../..');

function catalogLint(
  args: string[],
  cwd: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise(resolve => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

jest.setTimeout(60_000);

describe('catalog-lint', () => {
  it('passes the repository catalog (exit 0)', async () => {
    const result = await catalogLint([], REPO_ROOT);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(
      /^catalog-lint: catalog\/ is fine \(\d+ files, \d+ entities\)$/m,
    );
  });

  it('names the broken file and what is wrong with it (exit 1)', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-lint-'));
    try {
      fs.cpSync(path.join(REPO_ROOT, 'catalog'), path.join(tmp, 'catalog'), {
        recursive: true,
      });
      const file = path.join(
        tmp,
        'catalog/components/payment-service/catalog-info.yaml',
      );
      fs.writeFileSync(
        file,
        fs
          .readFileSync(file, 'utf8')
          .replace(
            'owner: group:default/team-payments',
            'owner: group:default/team-nobody',
          ),
      );
      const result = await catalogLint(['catalog'], tmp);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr.split('\n')).toEqual([
        'Entity references:',
        '  catalog/components/payment-service/catalog-info.yaml: Component:default/payment-service spec.owner "group:default/team-nobody" does not resolve: no group:default/team-nobody in catalog/',
        'catalog-lint: 1 problem in catalog/',
        '',
      ]);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
