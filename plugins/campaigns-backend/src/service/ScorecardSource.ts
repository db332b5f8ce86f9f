import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  DevexDashboard,
  Scorecard,
} from '@internal/backstage-plugin-devex-metrics-common';

/** Where the scorecards of the catalog's entities come from. */
export interface ScorecardSource {
  /** The current scorecard of every scored entity. */
  getScorecards(): Promise<Scorecard[]>;
}

/**
 * The devex-metrics plugin's scorecards (GET /api/devex-metrics/dashboard,
 * computed on its schedule), asked with this plugin's own service identity
 * and kept for `cacheMillis` so a page of campaigns asks once.
 */
export class DevexScorecardClient implements ScorecardSource {
  private cached?: { at: number; scorecards: Promise<Scorecard[]> };

  constructor(
    private readonly deps: {
      auth: AuthService;
      discovery: DiscoveryService;
      cacheMillis?: number;
      fetch?: typeof fetch;
    },
  ) {}

  async getScorecards(): Promise<Scorecard[]> {
    const ttl = this.deps.cacheMillis ?? 60_000;
    if (!this.cached || Date.now() - this.cached.at >= ttl) {
      const scorecards = this.fetchScorecards();
      this.cached = { at: Date.now(), scorecards };
      // a failure is not kept: the next call asks again
      scorecards.catch(() => {
        if (this.cached?.scorecards === scorecards) this.cached = undefined;
      });
    }
    return this.cached.scorecards;
  }

  private async fetchScorecards(): Promise<Scorecard[]> {
    const { auth, discovery } = this.deps;
    const baseUrl = await discovery.getBaseUrl('devex-metrics');
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'devex-metrics',
    });
    const response = await (this.deps.fetch ?? fetch)(`${baseUrl}/dashboard`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    const body = (await response.json()) as Pick<DevexDashboard, 'scorecards'>;
    return body.scorecards ?? [];
  }
}
