import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  DevexDashboard,
  DevexHistory,
  DevexSnapshot,
  Scorecard,
  ScorecardHistory,
  SurveyAnswerRequest,
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

  /**
   * The figures recorded per day over the last `days` days (default 90),
   * oldest first, with each team's readiness per day. Same permission as
   * the dashboard.
   */
  getHistory(days?: number): Promise<DevexHistory>;

  /** The production-readiness scorecard of one entity. */
  getScorecard(entityRef: string): Promise<Scorecard>;

  /**
   * The readiness level recorded per day of one entity (any user who can
   * see the entity) or one team (the dashboard's permission), oldest first.
   */
  getScorecardHistory(
    subject: { entityRef: string } | { team: string },
    days?: number,
  ): Promise<ScorecardHistory>;

  /** The current survey period and whether the signed-in user answered. */
  getSurveyStatus(): Promise<SurveyStatus>;

  /**
   * Sends the signed-in user's answer (0-10 and an optional comment); a
   * second answer in the same period fails with a ConflictError.
   */
  submitSurvey(answer: SurveyAnswerRequest): Promise<SurveyStatus>;
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

  getHistory(days = 90): Promise<DevexHistory> {
    return this.call(`/history?days=${days}`);
  }

  getScorecardHistory(
    subject: { entityRef: string } | { team: string },
    days = 90,
  ): Promise<ScorecardHistory> {
    const query = new URLSearchParams({ days: String(days) });
    if ('entityRef' in subject) query.set('entityRef', subject.entityRef);
    else query.set('team', subject.team);
    return this.call(`/scorecards/history?${query}`);
  }

  getScorecard(entityRef: string): Promise<Scorecard> {
    return this.call(`/scorecard?entityRef=${encodeURIComponent(entityRef)}`);
  }

  getSurveyStatus(): Promise<SurveyStatus> {
    return this.call('/survey');
  }

  submitSurvey(answer: SurveyAnswerRequest): Promise<SurveyStatus> {
    return this.call('/survey', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(answer),
    });
  }
}
