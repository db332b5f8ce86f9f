import fs from 'node:fs';
import path from 'node:path';
import { screen, within } from '@testing-library/react';
import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { parse } from 'yaml';
import {
  entityPresentationApiRef,
  EntityRefPresentation,
} from '@backstage/plugin-catalog-react';
import {
  extractSchemaFromStep,
  ParsedTemplateSchema,
  ReviewState,
} from '@backstage/plugin-scaffolder-react/alpha';

/**
 * Our patch of @backstage/plugin-scaffolder-react (.yarn/patches): the review
 * step of a golden path names the chosen team and system by title, says
 * "Yes"/"No", and leaves out fields the form hid for the answers given.
 * Judged on the real FastAPI golden path's form.
 */
describe('scaffolder review step (patched)', () => {
  const template = parse(
    fs.readFileSync(
      path.resolve(
        __dirname,
        '../../../templates/python-fastapi-service.template.yaml',
      ),
      'utf8',
    ),
  );
  const schemas: ParsedTemplateSchema[] = template.spec.parameters.map(
    (step: ParsedTemplateSchema['mergedSchema']) => ({
      title: String(step.title),
      mergedSchema: step,
      ...extractSchemaFromStep(step),
    }),
  );
  const titles: Record<string, string> = {
    'group:default/team-checkout': 'Checkout',
    'system:default/developer-platform': 'Developer Platform',
  };
  const entityPresentationApi = {
    forEntity(entityRef: string): EntityRefPresentation {
      const snapshot = { entityRef, primaryTitle: titles[entityRef] };
      return { snapshot, promise: Promise.resolve(snapshot) };
    },
  };
  const answers: Record<string, string | boolean> = {
    name: 'orders',
    description: 'Orders',
    owner: 'group:default/team-checkout',
    system: 'system:default/developer-platform',
    needPostgres: true,
    postgresSize: 'small',
    cluster: 'production',
    publishTo: 'local',
  };

  const review = async (formState: typeof answers) => {
    await renderInTestApp(
      <TestApiProvider
        apis={[[entityPresentationApiRef, entityPresentationApi]]}
      >
        <ReviewState schemas={schemas} formState={formState} />
      </TestApiProvider>,
    );
    return (title: string) =>
      screen
        .queryAllByRole('row')
        .find(row => within(row).queryByText(title, { exact: true }));
  };

  it('names the chosen team and system by title, never by entity ref', async () => {
    const row = await review({ ...answers, postgresProvisioning: 'gitops' });
    expect(row('Owner')).toHaveTextContent('Checkout');
    expect(row('System')).toHaveTextContent('Developer Platform');
    expect(document.body).not.toHaveTextContent(':default/');
    expect(row('Need Postgres?')).toHaveTextContent('Yes');
  });

  it('leaves out the cluster when the claim goes to the repository (GitOps)', async () => {
    const row = await review({ ...answers, postgresProvisioning: 'gitops' });
    expect(row('How to provision it')).toBeDefined();
    expect(row('Cluster')).toBeUndefined();
  });

  it('lists the cluster when the claim is created in it now', async () => {
    const row = await review({ ...answers, postgresProvisioning: 'apply' });
    expect(row('Cluster')).toHaveTextContent('production');
  });
});
