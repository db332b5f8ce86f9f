import '@testing-library/jest-dom';
import { screen, within } from '@testing-library/react';
import { setupCampaignsPages } from '../../__testUtils__/campaignsPages';

describe('Campaigns pages, for someone outside the platform team', () => {
  const { render } = setupCampaignsPages();

  it('shows a campaign: its progress in words, the burn-up and what each team must fix', async () => {
    await render('/campaigns/c1', false);

    expect(
      await screen.findByRole('heading', { name: 'Checkout at gold' }),
    ).toBeInTheDocument();
    expect(screen.getByText('3 of 5 services at gold')).toBeInTheDocument();
    expect(
      screen.getByRole('figure', {
        name: 'Burn-up from 1 Dec 2026 to 31 Jan 2027: 60% on 5 Dec 2026, 3 of 5 at target',
      }),
    ).toBeInTheDocument();

    const checkout = screen.getByRole('table', {
      name: 'What Checkout Team must fix',
    });
    expect(within(checkout).getByText('Checkout web')).toBeInTheDocument();
    expect(
      within(checkout).getByText('On-call (PagerDuty)'),
    ).toBeInTheDocument();
    expect(
      within(checkout).getByText(/PagerDuty is not configured/),
    ).toBeInTheDocument();
    const storefront = screen.getByRole('table', {
      name: 'What Storefront must fix',
    });
    expect(within(storefront).getByText('Basket API')).toBeInTheDocument();
    expect(within(storefront).getByText('Runbook')).toBeInTheDocument();
    expect(screen.getByText('1 of 3 services to fix')).toBeInTheDocument();

    // people read titles, never refs
    expect(screen.queryByText(/group:default/)).not.toBeInTheDocument();
    expect(screen.queryByText(/component:default/)).not.toBeInTheDocument();
    // not the platform team: no edit
    expect(screen.queryByText('Edit')).not.toBeInTheDocument();
  });

  it('lists campaigns with progress bars and deadlines, without "New campaign"', async () => {
    await render('/campaigns', false);
    expect(await screen.findByText('Checkout at gold')).toBeInTheDocument();
    const rows = screen.getAllByRole('row').slice(1);
    expect(
      within(rows[0]).getByText('3 of 5 services at gold (60%)'),
    ).toBeInTheDocument();
    expect(
      within(rows[0]).getByRole('progressbar', {
        name: 'Checkout at gold: 60%',
      }),
    ).toHaveAttribute('aria-valuenow', '60');
    expect(within(rows[0]).getByText('31 Jan 2027')).toBeInTheDocument();
    expect(
      within(rows[0]).getByText('Services in checkout, in production'),
    ).toBeInTheDocument();
    expect(
      within(rows[1]).getByText('2 of 8 services passing "Runbook" (25%)'),
    ).toBeInTheDocument();
    expect(within(rows[1]).getByText('Not started')).toBeInTheDocument();
    expect(screen.queryByText('New campaign')).not.toBeInTheDocument();
  });

  it("tells them the form is the platform team's", async () => {
    await render('/campaigns/new', false);
    expect(
      await screen.findByText(
        'Creating and editing campaigns is for the platform team.',
      ),
    ).toBeInTheDocument();
  });
});
