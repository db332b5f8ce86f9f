import { screen } from '@testing-library/react';
import { renderApp } from './__testUtils__/renderApp';

describe('App on the laptop default', () => {
  it('offers guest sign-in under the portal title', async () => {
    renderApp({ auth: { environment: 'development' } });
    expect(
      await screen.findByRole('button', { name: 'Enter' }),
    ).toBeInTheDocument();
    expect(
      screen.getAllByRole('heading', { name: 'Acme Developer Portal' })[0],
    ).toBeInTheDocument();
    expect(screen.queryByText('GitHub')).not.toBeInTheDocument();
  });
});
