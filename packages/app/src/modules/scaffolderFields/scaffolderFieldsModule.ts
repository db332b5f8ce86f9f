import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';

/** Our own scaffolder form fields, used by templates/ (`ui:field: ...`). */
export const scaffolderFieldsModule = createFrontendModule({
  pluginId: 'scaffolder',
  extensions: [
    FormFieldBlueprint.make({
      name: 'service-name',
      params: {
        field: () => import('./ServiceNameField').then(m => m.serviceNameField),
      },
    }),
  ],
});
