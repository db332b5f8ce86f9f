import { ErrorResponseBody } from '@backstage/errors';
import '@testing-library/jest-dom';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { checkoutGold } from '../../__fixtures__/campaigns';
import { BASE, setupCampaignsPages } from '../../__testUtils__/campaignsPages';

describe('Campaigns pages, for the platform team', () => {
  const { server, render } = setupCampaignsPages();

  it('offers to edit a campaign', async () => {
    await render('/campaigns/c1', true);
    expect(await screen.findByText('Edit')).toBeInTheDocument();
  });

  it('offers "New campaign" on the list', async () => {
    await render('/campaigns', true);
    expect(await screen.findByText('New campaign')).toBeInTheDocument();
  });

  it('creates a campaign from the form and opens it', async () => {
    let posted: unknown;
    server.use(
      http.post(`${BASE}/campaigns`, async ({ request }) => {
        posted = await request.json();
        return HttpResponse.json(checkoutGold.campaign, { status: 201 });
      }),
    );
    await render('/campaigns/new', true);
    await userEvent.type(
      await screen.findByRole('textbox', { name: 'Title' }),
      'Checkout at gold',
    );
    await userEvent.type(
      screen.getByRole('textbox', { name: 'System' }),
      'checkout',
    );
    const deadline = screen.getByLabelText(/Deadline/);
    await userEvent.clear(deadline);
    await userEvent.type(deadline, '2027-01-31');
    await userEvent.click(
      screen.getByRole('button', { name: 'Create campaign' }),
    );

    expect(
      await screen.findByRole('heading', { name: 'Checkout at gold' }),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(posted).toMatchObject({
        title: 'Checkout at gold',
        scope: {
          kind: 'Component',
          system: 'checkout',
          lifecycle: 'production',
        },
        target: { type: 'level', level: 'gold' },
        deadline: '2027-01-31',
      }),
    );
  });

  it('shows why the backend refused a campaign', async () => {
    server.use(
      http.post(`${BASE}/campaigns`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'InputError',
              message: 'deadline: must not be before the start date',
            },
            request: { method: 'POST', url: '/api/campaigns/campaigns' },
            response: { statusCode: 400 },
          } satisfies ErrorResponseBody,
          { status: 400 },
        ),
      ),
    );
    await render('/campaigns/new', true);
    await userEvent.type(
      await screen.findByRole('textbox', { name: 'Title' }),
      'Too late',
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Create campaign' }),
    );
    expect(
      await screen.findByText(/deadline: must not be before the start date/),
    ).toBeInTheDocument();
  });
});
