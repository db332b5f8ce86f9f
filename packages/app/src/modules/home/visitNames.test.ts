import { visitEntityRef, visitName } from './visitNames';

describe('visit names', () => {
  it.each([
    ['/', 'Home'],
    ['/catalog', 'Catalog'],
    ['/catalog/default/component/payment-service', 'payment-service'],
    ['/catalog/default/component/payment-service/docs', 'payment-service'],
    [
      '/docs/default/component/payment-service/runbook/',
      'payment-service docs',
    ],
    ['/docs', 'Docs'],
    ['/create/templates/default/python-fastapi', 'Create'],
    ['/api-docs', 'APIs'],
    ['/cost-tracker', 'Costs'],
    ['/devex', 'DevEx'],
    ['/catalog-health', 'Catalog health'],
    ['/permission-explainer', 'Permission explainer'],
  ])('names %s "%s"', (pathname, name) => {
    expect(visitName({ pathname })).toBe(name);
  });

  it('gives entity pages their entity ref, and other pages none', () => {
    expect(
      visitEntityRef({ pathname: '/catalog/default/group/team-payments' }),
    ).toBe('group:default/team-payments');
    expect(
      visitEntityRef({ pathname: '/catalog/prod/API/payments-api/definition' }),
    ).toBe('api:prod/payments-api');
    expect(visitEntityRef({ pathname: '/docs/default/component/x' })).toBe(
      undefined,
    );
    expect(visitEntityRef({ pathname: '/' })).toBe(undefined);
  });
});
