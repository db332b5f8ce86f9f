import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { Stepper } from '@backstage/plugin-scaffolder-react/alpha';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { catalogEntityPickerFieldOptions } from './CatalogEntityPickerField';
import { FieldErrorsOnly } from './FieldErrorsOnly';
import { serviceNameFieldOptions } from './ServiceNameField';

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payment-service', namespace: 'default' },
    spec: { type: 'service', owner: 'group:default/team-payments' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: 'team-payments',
      namespace: 'default',
      title: 'Payments',
      description: 'Owns payment authorisation',
    },
    spec: { type: 'team', profile: { displayName: 'Payments' } },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'developers', namespace: 'default' },
    spec: { type: 'role' },
  },
];

/** The "Service" step of templates/*\/template.yaml. */
const serviceStep = {
  title: 'Service',
  required: ['name', 'owner'],
  properties: {
    name: {
      title: 'Name',
      type: 'string',
      description:
        'Used for the repository, the catalog entry, the container image and the Kubernetes objects.',
      pattern: '^[a-z]([-a-z0-9]*[a-z0-9])?$',
      maxLength: 63,
      errorMessage: {
        pattern:
          "Use lowercase letters, digits and '-' only; start with a letter and end with a letter or a digit.",
        maxLength: 'Use at most 63 characters.',
      },
      'ui:autofocus': true,
      'ui:field': 'ServiceName',
      'ui:hideError': true,
    },
    owner: {
      title: 'Owner',
      type: 'string',
      description: 'The team that owns it.',
      'ui:field': 'CatalogEntityPicker',
      'ui:hideError': true,
      'ui:options': {
        catalogFilter: { kind: 'Group', 'spec.type': 'team' },
        requiredMessage: 'Choose the team that owns the service.',
      },
    },
  },
};

async function renderForm() {
  const created: unknown[] = [];
  await renderInTestApp(
    <FieldErrorsOnly>
      <Stepper
        manifest={{
          title: 'Go service',
          steps: [{ title: 'Service', schema: serviceStep }],
        }}
        extensions={[serviceNameFieldOptions, catalogEntityPickerFieldOptions]}
        onCreate={async values => {
          created.push(values);
        }}
      />
    </FieldErrorsOnly>,
    { apis: [[catalogApiRef, catalogApiMock({ entities })]] },
  );
  return {
    created,
    name: await screen.findByRole('textbox', { name: /Name/ }),
  };
}

/** The error texts visible to a person (the hidden summary excluded). */
function visibleTexts(text: string | RegExp) {
  return screen
    .queryAllByText(text)
    .filter(e => e.closest('form') !== null && isVisible(e));
}
function isVisible(element: Element): boolean {
  for (let e: Element | null = element; e; e = e.parentElement) {
    if (window.getComputedStyle(e).display === 'none') return false;
  }
  return true;
}

describe('ServiceName field in the scaffolder form', () => {
  it('says what is wrong with a name in words, once, when the field is left', async () => {
    const { name } = await renderForm();
    await userEvent.type(name, 'Bad_Name');
    // nothing while typing the first time
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    fireEvent.blur(name);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      "Use lowercase letters, digits and '-' only; start with a letter.",
    );
    expect(
      visibleTexts(
        "Use lowercase letters, digits and '-' only; start with a letter.",
      ),
    ).toHaveLength(1);
    // the description once, no regex anywhere
    expect(visibleTexts(/Used for the repository/)).toHaveLength(1);
    expect(document.body.textContent).not.toContain('[a-z]');

    // then while typing
    await userEvent.clear(name);
    await userEvent.type(name, 'orders-');
    expect(screen.getByRole('alert')).toHaveTextContent(
      "End with a letter or a digit, not '-'.",
    );
  });

  it('on Next: each error once, at its field, in words (no summary list)', async () => {
    const { name } = await renderForm();
    await userEvent.type(name, '-orders');
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    await waitFor(() =>
      expect(visibleTexts("Start with a letter, not '-'.")).toHaveLength(1),
    );
    expect(visibleTexts('Choose the team that owns the service.')).toHaveLength(
      1,
    );
    // the schema's own message exists only in rjsf's summary list, hidden
    expect(
      screen.getByText(/start with a letter and end with/),
    ).not.toBeVisible();
    expect(visibleTexts(/start with a letter and end with/)).toHaveLength(0);
    expect(visibleTexts(/must have required property/)).toHaveLength(0);
  });

  it('says on blur that the catalog already has the name, naming the owner team', async () => {
    const { name } = await renderForm();
    await userEvent.type(name, 'payment-service');
    fireEvent.blur(name);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      '"payment-service" is already in the catalog, owned by Payments. Choose another name.',
    );
  });

  it('offers teams by their names and shows the chosen one by name, not by ref', async () => {
    const { name, created } = await renderForm();
    await userEvent.type(name, 'orders-api');
    await userEvent.click(screen.getByRole('button', { name: /Owner/ }));
    const listbox = await screen.findByRole('listbox');
    // only teams, by title, with their description
    expect(
      within(listbox)
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['PaymentsOwns payment authorisation']);
    await userEvent.click(within(listbox).getByText('Payments'));
    const owner = screen.getByRole('button', { name: /Owner/ });
    await waitFor(() => expect(owner).toHaveTextContent('Payments'));
    expect(document.body.textContent).not.toContain(
      'group:default/team-payments',
    );

    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    await userEvent.click(
      await screen.findByRole('button', { name: 'Create' }),
    );
    await waitFor(() =>
      expect(created).toEqual([
        { name: 'orders-api', owner: 'group:default/team-payments' },
      ]),
    );
  });
});
