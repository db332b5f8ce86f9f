import { Entity } from '@backstage/catalog-model';
import { sourceTemplateRef } from './sourceTemplate';

const withSource = (value?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders',
    annotations:
      value === undefined ? {} : { 'backstage.io/source-template': value },
  },
});

describe('sourceTemplateRef', () => {
  it('reads the template ref, defaulting kind and namespace', () => {
    expect(sourceTemplateRef(withSource('go-service'))).toBe(
      'template:default/go-service',
    );
    expect(sourceTemplateRef(withSource(' template:platform/py '))).toBe(
      'template:platform/py',
    );
  });

  it('is undefined without an annotation or with one that is not a ref', () => {
    expect(sourceTemplateRef(withSource())).toBeUndefined();
    expect(sourceTemplateRef(withSource('  '))).toBeUndefined();
    expect(sourceTemplateRef(withSource('template:ns/'))).toBeUndefined();
  });
});
