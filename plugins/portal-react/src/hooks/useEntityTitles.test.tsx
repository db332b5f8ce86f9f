import { TestApiProvider } from '@backstage/frontend-test-utils';
import { entityPresentationApiRef } from '@backstage/plugin-catalog-react';
import { renderHook, waitFor } from '@testing-library/react';
import { ReactNode } from 'react';
import { useEntityTitles } from './useEntityTitles';

const TITLES: Record<string, string> = {
  'group:default/team-payments': 'Payments Team',
  'component:default/cart-service': 'Cart',
};

/** The catalog's presentation API: titles from TITLES, one ref fails. */
const presentation = {
  forEntity(ref: string) {
    const snapshot = { entityRef: ref, primaryTitle: TITLES[ref] ?? ref };
    return {
      snapshot,
      promise:
        ref === 'component:default/broken'
          ? Promise.reject(new Error('catalog unavailable'))
          : Promise.resolve(snapshot),
    };
  },
};

function withPresentation({ children }: { children: ReactNode }) {
  return (
    <TestApiProvider apis={[[entityPresentationApiRef, presentation]]}>
      {children}
    </TestApiProvider>
  );
}

describe('useEntityTitles', () => {
  it('returns the titles of the entity presentation API', async () => {
    const refs = [
      'group:default/team-payments',
      'component:default/cart-service',
      'group:default/team-payments',
    ];
    const { result } = renderHook(() => useEntityTitles(refs), {
      wrapper: withPresentation,
    });

    await waitFor(() =>
      expect(result.current('group:default/team-payments')).toBe(
        'Payments Team',
      ),
    );
    expect(result.current('component:default/cart-service')).toBe('Cart');
  });

  it('falls back to the short form of the ref when a title cannot be read', async () => {
    const { result } = renderHook(
      () =>
        useEntityTitles([
          'component:default/broken',
          'group:default/team-payments',
        ]),
      { wrapper: withPresentation },
    );

    await waitFor(() =>
      expect(result.current('group:default/team-payments')).toBe(
        'Payments Team',
      ),
    );
    expect(result.current('component:default/broken')).toBe('broken');
  });

  it('works without the entity presentation API', () => {
    const { result } = renderHook(
      () => useEntityTitles(['group:default/team-payments']),
      {
        wrapper: ({ children }: { children: ReactNode }) => (
          <TestApiProvider apis={[]}>{children}</TestApiProvider>
        ),
      },
    );
    expect(result.current('group:default/team-payments')).toBe('team-payments');
  });
});
