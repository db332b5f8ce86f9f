import { UrlReaderService } from '@backstage/backend-plugin-api';
import { registerCatalogActions } from './catalog';
import { registerGoldenPathActions } from './goldenPaths';
import { registerInsightActions } from './insights';
import { PortalActionsDeps } from './types';

export type { PortalActionsDeps } from './types';

/** Registers every portal action with the plugin's actions registry. */
export function registerPortalActions(
  deps: PortalActionsDeps & { urlReader: UrlReaderService; now?: () => Date },
) {
  registerCatalogActions(deps);
  registerGoldenPathActions(deps);
  registerInsightActions(deps);
}
