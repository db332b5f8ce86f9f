import { Entity } from '@backstage/catalog-model';
import { EntityIndex } from './EntityIndex';

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: {},
  };
}

const entities = [
  component('payment-service', {
    'backstage.io/kubernetes-id': 'payment-service',
    'backstage.io/kubernetes-namespace': 'payments',
  }),
  component('ledger-service', {
    'backstage.io/kubernetes-id': 'ledger-service',
    'backstage.io/kubernetes-label-selector': 'tier=backend, app=ledger',
    'backstage.io/kubernetes-namespace': 'payments',
    'acme.io/cost-tag': 'cost-center=ledger',
  }),
  component('fraud-detection', {
    'backstage.io/kubernetes-label-selector': 'app in (fraud)',
    'backstage.io/kubernetes-namespace': 'fraud',
  }),
];

describe('EntityIndex', () => {
  const index = new EntityIndex(entities, {
    labelKey: 'app',
    defaultTagKey: 'app',
  });

  it('matches OpenCost label allocations by selector term, else kubernetes-id', () => {
    expect(index.forAllocation('label', 'ledger')).toEqual({
      entityRef: 'component:default/ledger-service',
    });
    // the selector wins over the kubernetes-id
    expect(index.forAllocation('label', 'ledger-service')).toEqual({
      error: "no catalog entity claims label 'ledger-service'",
    });
    expect(index.forAllocation('label', 'payment-service')).toEqual({
      entityRef: 'component:default/payment-service',
    });
    // a set-based selector cannot be matched to one allocation name
    expect(index.forAllocation('label', 'fraud')).toEqual({
      error: "no catalog entity claims label 'fraud'",
    });
  });

  it('does not guess when a namespace is claimed by two entities', () => {
    expect(index.forAllocation('namespace', 'fraud')).toEqual({
      entityRef: 'component:default/fraud-detection',
    });
    expect(index.forAllocation('namespace', 'payments')).toEqual({
      error:
        "namespace 'payments' is claimed by more than one entity (component:default/ledger-service, component:default/payment-service); not allocated",
    });
  });

  it('matches FOCUS tags by acme.io/cost-tag, else kubernetes-id under the default key', () => {
    expect(index.forTags({ 'cost-center': 'ledger', env: 'prod' })).toEqual({
      entityRef: 'component:default/ledger-service',
    });
    expect(index.forTags({ app: 'payment-service' })).toEqual({
      entityRef: 'component:default/payment-service',
    });
    expect(index.forTags({ app: 'ledger-service' })).toEqual({
      error: 'no catalog entity claims tags {"app":"ledger-service"}',
    });
    expect(index.forTags({})).toEqual({
      error: 'no catalog entity claims tags {}',
    });
  });
});
