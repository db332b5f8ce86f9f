import { Entity } from '@backstage/catalog-model';
import { DEFAULT_SCORECARD_LEVELS } from '@internal/backstage-plugin-devex-metrics-common';
import { goldenPathVersionCheck, scoreEntity } from './scorecard';

const latestOnly = { supportedMajorVersionsBehind: 0 };

function service(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'orders-api', namespace: 'default', annotations },
    spec: { type: 'service', owner: 'group:default/team-a', lifecycle: 'x' },
  };
}

const fromFastApi = (version?: string) =>
  service({
    'backstage.io/source-template': 'template:default/python-fastapi-service',
    ...(version ? { 'acme.io/template-version': version } : {}),
  });

function template(
  annotations: Record<string, string>,
  title: string | null = 'Python FastAPI service',
): Entity {
  return {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: {
      name: 'python-fastapi-service',
      namespace: 'default',
      ...(title ? { title } : {}),
      annotations,
    },
    spec: { type: 'service', steps: [] },
  };
}

const fastApiAt = (version: string) =>
  template({ 'acme.io/template-version': version });

describe('on a supported golden-path version', () => {
  it('passes on the latest major, behind in minor or patch, or ahead', () => {
    for (const version of ['2.1.0', '2.0.3', 'v2.0.0', '3.0.0']) {
      expect(
        goldenPathVersionCheck(
          fromFastApi(version),
          fastApiAt('2.1.0'),
          latestOnly,
        ),
      ).toEqual({ passed: true });
    }
  });

  it('fails a major behind, naming the template by its title and the way up', () => {
    expect(
      goldenPathVersionCheck(
        fromFastApi('1.3.0'),
        fastApiAt('2.1.0'),
        latestOnly,
      ),
    ).toEqual({
      passed: false,
      reason:
        'On Python FastAPI service 1.3.0; supported: 2.x (latest 2.1.0). Open the golden path card for the upgrade.',
    });
  });

  it('accepts the previous major with a window of 1, and no older', () => {
    const window = { supportedMajorVersionsBehind: 1 };
    expect(
      goldenPathVersionCheck(fromFastApi('1.3.0'), fastApiAt('2.1.0'), window),
    ).toEqual({ passed: true });
    expect(
      goldenPathVersionCheck(fromFastApi('0.9.1'), fastApiAt('2.1.0'), window),
    ).toEqual({
      passed: false,
      reason:
        'On Python FastAPI service 0.9.1; supported: 1.x or 2.x (latest 2.1.0). Open the golden path card for the upgrade.',
    });
    expect(
      goldenPathVersionCheck(fromFastApi('0.9.1'), fastApiAt('3.0.0'), {
        supportedMajorVersionsBehind: 2,
      }).reason,
    ).toBe(
      'On Python FastAPI service 0.9.1; supported: 1.x to 3.x (latest 3.0.0). Open the golden path card for the upgrade.',
    );
  });

  it('does not apply to a service not created from a golden path, and does not lower its score', () => {
    const handMade = service({});
    expect(goldenPathVersionCheck(handMade, undefined, latestOnly)).toEqual({
      passed: true,
      notApplicable: true,
      reason:
        'Not created from a golden path (no backstage.io/source-template annotation), so there is no golden-path version to keep up to date',
    });

    const levels = [
      { name: 'bronze', checks: ['owner-is-group' as const] },
      { name: 'gold', checks: ['golden-path-version' as const] },
    ];
    const card = scoreEntity(
      handMade,
      levels,
      { runbookInDocs: false },
      latestOnly,
    );
    // the only gold check does not apply: it holds no level back, and the
    // score counts the one check that applies
    expect(card).toMatchObject({ level: 'gold', passed: 1, total: 1 });
    expect(card.checks[1]).toMatchObject({
      id: 'golden-path-version',
      title: 'On a supported golden-path version',
      notApplicable: true,
    });

    // with the default levels: 8 of the 9 checks apply
    expect(
      scoreEntity(
        handMade,
        DEFAULT_SCORECARD_LEVELS,
        { runbookInDocs: false },
        latestOnly,
      ).total,
    ).toBe(8);
  });

  it('fails with the reason when the catalog no longer has the template', () => {
    expect(
      goldenPathVersionCheck(fromFastApi('1.3.0'), null, latestOnly),
    ).toEqual({
      passed: false,
      reason:
        'Created from python-fastapi-service, a golden path the catalog no longer has, so no version of it is supported',
    });
    // and holds gold back
    const card = scoreEntity(
      fromFastApi('1.3.0'),
      DEFAULT_SCORECARD_LEVELS,
      { runbookInDocs: false, template: null },
      latestOnly,
    );
    expect(card.checks.find(c => c.id === 'golden-path-version')).toEqual({
      id: 'golden-path-version',
      title: 'On a supported golden-path version',
      passed: false,
      reason:
        'Created from python-fastapi-service, a golden path the catalog no longer has, so no version of it is supported',
    });
    expect(card.total).toBe(9);
  });

  it('fails without crashing on a version that is missing or not semver', () => {
    const check = (entity: Entity, tpl: Entity) =>
      goldenPathVersionCheck(entity, tpl, latestOnly);
    expect(check(fromFastApi('1.3'), fastApiAt('2.1.0'))).toEqual({
      passed: false,
      reason:
        'On Python FastAPI service "1.3", which is not a semantic version (acme.io/template-version); supported: 2.x (latest 2.1.0)',
    });
    expect(check(fromFastApi(), fastApiAt('2.1.0'))).toEqual({
      passed: false,
      reason:
        'Created from Python FastAPI service, but the version is not recorded (no acme.io/template-version annotation); supported: 2.x (latest 2.1.0)',
    });
    // the template's own version, and its name when it has no title
    expect(check(fromFastApi('1.3.0'), fastApiAt('latest'))).toEqual({
      passed: false,
      reason:
        'The golden path Python FastAPI service gives its latest version as "latest" (acme.io/template-version), which is not a semantic version; its owners need to fix it',
    });
    expect(check(fromFastApi('1.3.0'), template({}, null))).toEqual({
      passed: false,
      reason:
        'The golden path python-fastapi-service does not give its latest version (no acme.io/template-version annotation on the template); its owners need to add it',
    });
    expect(
      check(
        service({
          'backstage.io/source-template': 'template:',
          'acme.io/template-version': '1.3.0',
        }),
        fastApiAt('2.1.0'),
      ),
    ).toEqual({
      passed: false,
      reason:
        'Its backstage.io/source-template annotation ("template:") does not name a template',
    });
  });
});
