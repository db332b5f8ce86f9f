import { Entity } from '@backstage/catalog-model';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { validateServiceName } from './ServiceNameField';

const paymentService: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payment-service', namespace: 'default' },
  spec: { type: 'service', owner: 'group:default/team-payments' },
};

async function errorsFor(name: string) {
  const catalogApi = catalogApiMock({ entities: [paymentService] });
  const errors: string[] = [];
  await validateServiceName(
    name,
    { addError: (message: string) => errors.push(message) } as any,
    {
      apiHolder: {
        get: (ref: { id: string }) =>
          ref.id === catalogApiRef.id ? catalogApi : undefined,
      } as any,
      formData: { name },
      schema: {},
    },
  );
  return errors;
}

describe('ServiceName form field', () => {
  it('refuses a name a catalog Component already has, naming its owner', async () => {
    expect(await errorsFor('payment-service')).toEqual([
      '"payment-service" already exists in the catalog (component:default/payment-service, owned by group:default/team-payments). Choose another name.',
    ]);
  });

  it('accepts a new name', async () => {
    expect(await errorsFor('payment-service-v2')).toEqual([]);
  });

  it('leaves names that are not DNS-1123 labels to the schema pattern', async () => {
    expect(await errorsFor('Payment_Service')).toEqual([]);
  });
});
