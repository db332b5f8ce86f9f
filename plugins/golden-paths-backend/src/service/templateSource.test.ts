import { snapshotHash } from './templateSource';

describe('snapshotHash', () => {
  const template = (location: string, steps: unknown[] = []) => ({
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: {
      name: 'go-service',
      annotations: {
        'acme.io/template-version': '1.3.0',
        'backstage.io/managed-by-location': `file:${location}/go-service.template.yaml`,
        'backstage.io/managed-by-origin-location': `file:${location}/all.yaml`,
        'backstage.io/view-url': `file:${location}/go-service.template.yaml`,
        'backstage.io/edit-url': `file:${location}/go-service.template.yaml`,
        'backstage.io/source-location': `url:file:${location}/`,
      },
    },
    spec: { steps },
  });
  const files = [
    { path: 'skeleton/main.go', content: Buffer.from('package main\n') },
  ];

  it('is the same for the same version served from another place', () => {
    expect(snapshotHash(template('/work/templates'), files)).toBe(
      snapshotHash(template('/tmp/copy/templates'), files),
    );
  });

  it('changes with what renders: a file, a step, another annotation', () => {
    const base = snapshotHash(template('/t'), files);
    expect(
      snapshotHash(template('/t'), [
        { path: 'skeleton/main.go', content: Buffer.from('package app\n') },
      ]),
    ).not.toBe(base);
    expect(snapshotHash(template('/t', [{ id: 'record' }]), files)).not.toBe(
      base,
    );
    const relabelled = template('/t');
    relabelled.metadata.annotations['acme.io/template-version'] = '1.3.1';
    expect(snapshotHash(relabelled, files)).not.toBe(base);
  });
});
