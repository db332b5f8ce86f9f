import { render } from '@testing-library/react';
import App from '../App';

/**
 * Renders the whole app with the given frontend config. The app reads its
 * config once per module load, so each test file renders a single config.
 */
export function renderApp(config: object) {
  process.env = {
    NODE_ENV: 'test',
    APP_CONFIG: [
      {
        data: {
          app: { title: 'Acme Developer Portal' },
          backend: { baseUrl: 'http://localhost:7007' },
          techdocs: {
            storageUrl: 'http://localhost:7007/api/techdocs/static/docs',
          },
          ...config,
        },
        context: 'test',
      },
    ] as any,
  };
  return render(App.createRoot());
}
