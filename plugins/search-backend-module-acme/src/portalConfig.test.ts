import { readSchedulerServiceTaskScheduleDefinitionFromConfig } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import { portalSearchConfig } from './__testUtils__/orgFixture';
import { readAcmeSearchSettings } from './config';

function schedule(search: object, path: string) {
  const config = new ConfigReader({ search }).getConfig(path);
  const definition =
    readSchedulerServiceTaskScheduleDefinitionFromConfig(config);
  return {
    ...definition,
    frequencyMs: durationToMilliseconds(definition.frequency as HumanDuration),
  };
}

/**
 * "A new or changed entity is findable within 60 s": the catalog index
 * runs at most 30 s apart (and a run of the sample org takes about a
 * second, search.integration.test.ts), on the laptop and in production.
 */
describe.each([
  ['laptop', 'app-config.yaml', 'local'],
  ['production', 'app-config.production.yaml', 'global'],
])('search schedules (%s)', (_name, file, scope) => {
  const search = portalSearchConfig(file);

  it('indexes the catalog at most 30 s apart, soon after start', () => {
    const catalog = schedule(search, 'search.collators.catalog.schedule');
    expect(catalog.frequencyMs).toBeLessThanOrEqual(30_000);
    expect(
      durationToMilliseconds(catalog.initialDelay as HumanDuration),
    ).toBeLessThanOrEqual(10_000);
  });

  it(`runs every search task with scope ${scope}`, () => {
    // Lunr lives in each process's memory; PostgreSQL is shared.
    for (const path of [
      'search.collators.catalog.schedule',
      'search.collators.techdocs.schedule',
      'search.acme.techdocsPrebuild.schedule',
    ]) {
      expect({ path, scope: schedule(search, path).scope }).toEqual({
        path,
        scope,
      });
    }
  });

  it('reads the search.acme settings', () => {
    const settings = readAcmeSearchSettings(
      new ConfigReader({ search, techdocs: { builder: 'local' } }),
    );
    expect(settings.prebuild.enabled).toBe(true);
    expect(settings.rerankWindow).toBe(50);
  });
});

it('builds no TechDocs when they come from CI (external builder)', () => {
  const settings = readAcmeSearchSettings(
    new ConfigReader({ techdocs: { builder: 'external' } }),
  );
  expect(settings.prebuild.enabled).toBe(false);
});
