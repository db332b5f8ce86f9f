import { testDatabases } from '@internal/test-fakes';
import { GoldenPathsStore, TemplateSnapshot } from './GoldenPathsStore';

jest.setTimeout(60_000);

const databases = testDatabases(['POSTGRES_15', 'SQLITE_3']);

const snapshot = (content: string, hash: string): TemplateSnapshot => ({
  templateRef: 'template:default/go-service',
  version: '1.3.0',
  snapshotHash: hash,
  capturedAt: '2026-12-06T10:00:00.000Z',
  template: { kind: 'Template', metadata: { name: 'go-service' } },
  files: [
    {
      path: 'go-service/skeleton/main.go',
      content: Buffer.from(content),
      executable: false,
    },
    {
      path: 'go-service/skeleton/run.sh',
      content: Buffer.from([0, 255, 1]),
      executable: true,
    },
  ],
});

describe.each(databases.eachSupportedId())('GoldenPathsStore on %s', id => {
  const store = async () =>
    GoldenPathsStore.create({
      database: { getClient: async () => databases.init(id) },
    });

  it('keeps a version as first seen, bytes and executable bit included', async () => {
    const s = await store();
    const first = await s.addVersion(snapshot('package main', 'sha256:a'));
    expect(first.files[1]).toEqual({
      path: 'go-service/skeleton/run.sh',
      content: Buffer.from([0, 255, 1]),
      executable: true,
    });
    // the same number with other content: the stored one stays
    const again = await s.addVersion(snapshot('package other', 'sha256:b'));
    expect(again.snapshotHash).toBe('sha256:a');
    expect(again.files[0].content.toString()).toBe('package main');
    expect(await s.listVersions()).toEqual([
      {
        templateRef: 'template:default/go-service',
        version: '1.3.0',
        snapshotHash: 'sha256:a',
        capturedAt: '2026-12-06T10:00:00.000Z',
      },
    ]);
    expect(
      await s.getVersion('template:default/go-service', '9.9.9'),
    ).toBeUndefined();
  });

  it('holds one upgrade per service: a new run replaces it', async () => {
    const s = await store();
    const upgrade = {
      entityRef: 'component:default/orders',
      templateRef: 'template:default/go-service',
      fromVersion: '1.3.0',
      toVersion: '2.0.0',
      branch: 'golden-path/upgrade',
      commit: 'a'.repeat(40),
      state: 'conflicts' as const,
      conflicts: [{ path: 'Dockerfile', reason: 'both-changed' as const }],
      changedFiles: ['Dockerfile'],
      baseVerified: true,
      review: 'open' as const,
      pullRequest: {
        number: 7,
        url: 'https://github.example/acme/orders/pull/7',
      },
      updatedAt: '2026-12-06T10:00:00.000Z',
    };
    await s.saveUpgrade(upgrade);
    await s.saveUpgrade({
      ...upgrade,
      state: 'clean',
      conflicts: [],
      commit: 'b'.repeat(40),
      review: 'merged',
    });
    expect(await s.listUpgrades()).toEqual([
      {
        ...upgrade,
        state: 'clean',
        conflicts: [],
        commit: 'b'.repeat(40),
        review: 'merged',
      },
    ]);
    // local git: no pull request
    const { pullRequest, ...local } = upgrade;
    await s.saveUpgrade({ ...local, entityRef: 'component:default/billing' });
    expect(
      await s.listUpgrades({ entityRef: 'component:default/billing' }),
    ).toEqual([{ ...local, entityRef: 'component:default/billing' }]);
  });
});
