import {
  AppRootElementBlueprint,
  createFrontendModule,
} from '@backstage/frontend-plugin-api';
import { VisitListener } from '@backstage/plugin-home';
import {
  HomePageLayoutBlueprint,
  HomePageWidgetBlueprint,
} from '@backstage/plugin-home-react/alpha';
import { MarkdownContent } from '@backstage/core-components';
import { visitEntityRef, visitName } from './visitNames';

// Shown first on the home page: what the portal is for and where to start.
const welcome = `
Find every service, who owns it, its docs and its runbook — and start a new
service on a golden path in minutes.

- **On call?** Search for the service above: its page shows the owning team,
  the PagerDuty service, the dashboard and the runbook.
- **New service?** [Create one from a golden path](/create): repository,
  Dockerfile, Helm chart, CI, monitoring and docs, registered in the catalog.
- **Looking for docs?** Every service's TechDocs are in [Docs](/docs);
  APIs are in the [API explorer](/api-docs).
- **Something missing or wrong?** The portal is run by the
  [platform team](/catalog/default/group/platform).
`;

const platformWelcomeWidget = HomePageWidgetBlueprint.make({
  name: 'platform-welcome',
  params: {
    name: 'PlatformWelcome',
    title: 'Welcome to the Acme Developer Portal',
    description: 'Where to start: on-call lookups, golden paths and docs',
    components: async () => ({
      Content: () => <MarkdownContent content={welcome} />,
    }),
  },
});

const homePageLayout = HomePageLayoutBlueprint.make({
  params: {
    loader: () => import('./HomePageLayout').then(m => m.HomePageLayout),
  },
});

/**
 * Records the pages a person visits for "Recently visited" and "Most
 * visited". Replaces upstream's listener, which made its naming functions
 * anew on each render and so saved the same visit again whenever the page
 * re-rendered (a catalog page load counted up to three visits), and which
 * named every page that is not an entity "Acme Developer Portal".
 */
const visitListener = AppRootElementBlueprint.make({
  name: 'visit-listener',
  params: {
    element: (
      <VisitListener visitName={visitName} toEntityRef={visitEntityRef} />
    ),
  },
});

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [platformWelcomeWidget, homePageLayout, visitListener],
});
