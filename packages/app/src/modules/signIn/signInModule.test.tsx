import { screen } from '@testing-library/react';
import { renderApp } from '../../__testUtils__/renderApp';

describe('sign-in in production', () => {
  it('offers only GitHub sign-in', async () => {
    renderApp({ auth: { environment: 'production' } });
    expect(await screen.findByText('GitHub')).toBeInTheDocument();
    expect(
      screen.getByText('Sign in with your Acme GitHub account'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Enter' }),
    ).not.toBeInTheDocument();
  });
});
