import { Entity } from '@backstage/catalog-model';
import { ownerRefOf } from './ownerRef';

const component = (spec: Entity['spec'], extra: Partial<Entity> = {}) =>
  ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments', namespace: 'shop' },
    spec,
    ...extra,
  } as Entity);

describe('ownerRefOf', () => {
  it('takes the ownedBy relation the catalog resolved', () => {
    expect(
      ownerRefOf(
        component(
          { owner: 'team-a' },
          {
            relations: [
              { type: 'ownedBy', targetRef: 'group:default/team-payments' },
            ],
          },
        ),
      ),
    ).toBe('group:default/team-payments');
  });

  it('reads spec.owner as a group in the entity namespace when there is no relation', () => {
    expect(ownerRefOf(component({ owner: 'team-payments' }))).toBe(
      'group:shop/team-payments',
    );
    expect(ownerRefOf(component({ owner: 'user:default/ada' }))).toBe(
      'user:default/ada',
    );
  });

  it('is null without a usable owner', () => {
    expect(ownerRefOf(component({}))).toBeNull();
    expect(ownerRefOf(component({ owner: 42 }))).toBeNull();
    expect(ownerRefOf(component({ owner: 'group:' }))).toBeNull();
  });
});
