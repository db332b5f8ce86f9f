import {
  coreExtensionData,
  createFrontendModule,
} from '@backstage/frontend-plugin-api';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { FieldErrorsOnly } from './FieldErrorsOnly';

/**
 * The templates page of the scaffolder (list and form) with the form's
 * errors shown at their fields only.
 */
const templatesSubPage = scaffolderPlugin
  .getExtension('sub-page:scaffolder/templates')
  .override({
    *factory(originalFactory) {
      for (const data of originalFactory()) {
        if (data.id === coreExtensionData.reactElement.id) {
          yield coreExtensionData.reactElement(
            <FieldErrorsOnly>{data.value as JSX.Element}</FieldErrorsOnly>,
          );
        } else {
          yield data;
        }
      }
    },
  });

/** Our own scaffolder form fields, used by templates/ (`ui:field: ...`). */
export const scaffolderFieldsModule = createFrontendModule({
  pluginId: 'scaffolder',
  extensions: [
    templatesSubPage,
    FormFieldBlueprint.make({
      name: 'service-name',
      params: {
        field: () => import('./ServiceNameField').then(m => m.serviceNameField),
      },
    }),
    FormFieldBlueprint.make({
      name: 'catalog-entity-picker',
      params: {
        field: () =>
          import('./CatalogEntityPickerField').then(
            m => m.catalogEntityPickerField,
          ),
      },
    }),
  ],
});
