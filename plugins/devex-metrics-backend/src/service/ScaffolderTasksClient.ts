import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { ScaffolderTask } from '@backstage/plugin-scaffolder-common';
import { ScaffolderTaskSummary } from './types';

const PAGE = 500;

/**
 * Reads scaffolder tasks through the scaffolder's own API
 * (GET /api/scaffolder/v2/tasks) with this plugin's service token, never
 * from the scaffolder's database.
 *
 * Not `ScaffolderClient` of `@backstage/plugin-scaffolder-common`: its
 * `listTasks` needs a frontend `IdentityApi` (a signed-in user) even for
 * `filterByOwnership: 'all'`, and cannot ask for `order=asc:created_at`,
 * which keeps offset paging stable while new tasks are created.
 */
export class ScaffolderTasksClient {
  constructor(
    private readonly deps: { discovery: DiscoveryService; auth: AuthService },
  ) {}

  async listTasks(): Promise<ScaffolderTaskSummary[]> {
    const baseUrl = await this.deps.discovery.getBaseUrl('scaffolder');
    const { token } = await this.deps.auth.getPluginRequestToken({
      onBehalfOf: await this.deps.auth.getOwnServiceCredentials(),
      targetPluginId: 'scaffolder',
    });
    const out: ScaffolderTaskSummary[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const res = await fetch(
        `${baseUrl}/v2/tasks?order=asc:created_at&limit=${PAGE}&offset=${offset}`,
        { headers: { Authorization: `Bearer ${token}` } },
      );
      if (!res.ok) {
        throw await ResponseError.fromResponse(res);
      }
      const body = (await res.json()) as {
        tasks: ScaffolderTask[];
        totalTasks?: number;
      };
      for (const t of body.tasks) {
        const name = t.spec?.parameters?.name;
        out.push({
          id: t.id,
          status: t.status,
          createdAt: t.createdAt,
          templateRef: t.spec?.templateInfo?.entityRef ?? 'unknown',
          serviceName: typeof name === 'string' ? name : undefined,
        });
      }
      if (
        body.tasks.length < PAGE ||
        (body.totalTasks !== undefined && out.length >= body.totalTasks)
      ) {
        return out;
      }
    }
  }
}
