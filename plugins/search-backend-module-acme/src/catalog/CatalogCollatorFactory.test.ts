import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { defaultCatalogCollatorEntityTransformer } from '@backstage/plugin-search-backend-module-catalog';
import { CatalogCollatorFactory } from './CatalogCollatorFactory';

const component = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', description: `About ${name}` },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
});

describe('CatalogCollatorFactory', () => {
  it('collates every entity once across pages smaller than the catalog', async () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const catalog = catalogServiceMock({ entities: names.map(component) });
    const queryEntities = jest.spyOn(catalog, 'queryEntities');
    const factory = new CatalogCollatorFactory({
      catalog,
      auth: mockServices.auth(),
      entityTransformer: defaultCatalogCollatorEntityTransformer,
      locationTemplate: '/catalog/:namespace/:kind/:name',
      // the production config reads in pages of 100; 3 makes three pages here
      batchSize: 3,
    });

    const documents: any[] = [];
    for await (const document of await factory.getCollator()) {
      documents.push(document);
    }

    expect(queryEntities).toHaveBeenCalledTimes(3);
    expect(documents.map(d => d.location).sort()).toEqual(
      names.map(n => `/catalog/default/component/${n}`),
    );
    expect(documents.find(d => d.title === 'c')).toMatchObject({
      text: 'About c',
      authorization: { resourceRef: 'component:default/c' },
    });
  });
});
