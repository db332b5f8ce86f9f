import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  DevexDashboard,
  DevexSnapshot,
  Scorecard,
  SurveyStatus,
} from '@internal/backstage-plugin-devex-metrics-common';

/** Reads DevEx metrics and scorecards, and takes survey answers. */
export interface DevexMetricsApi {
  /**
   * Everything the platform dashboard shows: the latest figures, their
   * history, the NPS trend, every scorecard and this period's comments.
   * Needs the `devex.metrics.read` permission (a NotAllowedError otherwise).
   */
  getDashboard(): Promise<DevexDashboard>;

  /** Recomputes the metrics now (same permission) and returns them. */
  refresh(): Promise<DevexSnapshot>;

  /** The production-readiness scorecard of one entity. */
  getScorecard(entityRef: string): Promise<Scorecard>;

  /** The current survey period and whether the signed-in user answered. */
  getSurveyStatus(): Promise<SurveyStatus>;

  /**
   * Sends the signed-in user's answer (0-10 and an optional comment); a
   * second answer in the same period fails with a ConflictError.
   */
  submitSurvey(answer: {
    score: number;
    comment?: string;
  }): Promise<SurveyStatus>;
}

/** API reference of the {@link DevexMetricsApi}. */
export const devexMetricsApiRef = createApiRef<DevexMetricsApi>({
  id: 'plugin.devex-metrics.api',
});

/** {@link DevexMetricsApi} over HTTP, with the Backstage token of the user. */
export class DevexMetricsClient implements DevexMetricsApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  private async call<T>(path: string, init?: RequestInit): Promise<T> {
    const base = await this.deps.discoveryApi.getBaseUrl('devex-metrics');
    const response = await this.deps.fetchApi.fetch(`${base}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }

  getDashboard(): Promise<DevexDashboard> {
    return this.call('/dashboard');
  }

  refresh(): Promise<DevexSnapshot> {
    return this.call('/refresh', { method: 'POST' });
  }

  getScorecard(entityRef: string): Promise<Scorecard> {
    return this.call(`/scorecard?entityRef=${encodeURIComponent(entityRef)}`);
  }

  getSurveyStatus(): Promise<SurveyStatus> {
    return this.call('/survey');
  }

  submitSurvey(answer: {
    score: number;
    comment?: string;
  }): Promise<SurveyStatus> {
    return this.call('/survey', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(answer),
    });
  }
}
