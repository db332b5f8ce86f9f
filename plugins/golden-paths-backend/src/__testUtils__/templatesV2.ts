import fs from 'node:fs/promises';
import path from 'node:path';

/** The repository root (templates/, catalog/). */
export const REPO_ROOT = path.resolve(__dirname, '../../../..');

/** The golden paths a test copies, and what they read. */
const COPIED = [
  'python-fastapi-service.template.yaml',
  'python-fastapi-service',
  'go-service.template.yaml',
  'go-service',
  '_base',
];

/** Copies two golden paths and their base into `dir`, as the catalog reads them. */
export async function copyTemplates(dir: string): Promise<void> {
  for (const entry of COPIED) {
    await fs.cp(
      path.join(REPO_ROOT, 'templates', entry),
      path.join(dir, entry),
      {
        recursive: true,
      },
    );
  }
}

async function edit(file: string, change: (text: string) => string) {
  const before = await fs.readFile(file, 'utf8');
  const after = change(before);
  if (after === before) throw new Error(`${file}: the edit changed nothing`);
  await fs.writeFile(file, after);
}

/**
 * What the platform team ships as 2.0.0 of both golden paths: a new base
 * image (FastAPI), a new parameter with a default and the chart value it
 * sets, a new CI step, and a file removed (FastAPI's .dockerignore).
 */
export async function releaseVersion2(
  dir: string,
  from: string,
): Promise<void> {
  for (const name of ['python-fastapi-service', 'go-service']) {
    await edit(path.join(dir, `${name}.template.yaml`), text =>
      text
        .replace(
          `acme.io/template-version: '${from}'`,
          "acme.io/template-version: '2.0.0'",
        )
        .replace(`templateVersion: '${from}'`, "templateVersion: '2.0.0'")
        // a new question, with a default, on the first page
        .replace(
          '        description:\n          title: Description\n',
          [
            '        logLevel:',
            '          title: Log level',
            '          description: How much the service logs.',
            '          type: string',
            '          enum: [debug, info, warning]',
            '          enumNames: [Debug, Info, Warning]',
            '          default: info',
            '        description:',
            '          title: Description',
            '',
          ].join('\n'),
        )
        // handed to the base
        .replace(
          "          ownerName: ${{ parameters.owner | parseEntityRef | pick('name') }}\n",
          "          ownerName: ${{ parameters.owner | parseEntityRef | pick('name') }}\n          logLevel: ${{ parameters.logLevel }}\n",
        ),
    );
  }
  for (const name of ['python-fastapi-service', 'go-service']) {
    await edit(path.join(dir, name, 'CHANGELOG.md'), text =>
      text.replace(
        `## ${from} `,
        `## 2.0.0 (2026-12-20)\n\n- New question "Log level" (default info), set in the chart.\n- CI checks licences.\n\n## ${from} `,
      ),
    );
  }
  await edit(path.join(dir, '_base/skeleton/chart/values.yaml'), text =>
    text.replace(
      'replicaCount: 1\n',
      'replicaCount: 1\nlogLevel: ${{ values.logLevel }}\n',
    ),
  );
  await edit(path.join(dir, '_base/skeleton/.github/workflows/ci.yaml'), text =>
    text.replace(
      '      - name: Scan the Helm chart configuration\n',
      [
        '      - name: Check licences',
        '        run: echo "licence check"',
        '      - name: Scan the Helm chart configuration',
        '',
      ].join('\n'),
    ),
  );
  await edit(
    path.join(dir, 'python-fastapi-service/skeleton/Dockerfile'),
    text => text.replace(/python:3\.12-slim/g, 'python:3.13-slim'),
  );
  await fs.rm(path.join(dir, 'python-fastapi-service/skeleton/.dockerignore'));
}
