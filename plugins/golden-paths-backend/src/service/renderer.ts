import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { InputError, ResponseError } from '@backstage/errors';
import { TreeFile } from '@internal/backstage-plugin-golden-paths-node';
import { TemplateSnapshot } from '../database/GoldenPathsStore';

/**
 * The values a template version is rendered with: the recorded ones, plus
 * the `default` of every parameter the version has that the record lacks
 * (a parameter added since), plus explicit values (a campaign's answers).
 */
export function valuesFor(
  template: Record<string, any>,
  recorded: Record<string, unknown>,
  given: Record<string, unknown> = {},
): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  const collect = (schema: any) => {
    if (!schema || typeof schema !== 'object') return;
    for (const [name, property] of Object.entries<any>(
      schema.properties ?? {},
    )) {
      if (property && 'default' in property && !(name in defaults)) {
        defaults[name] = property.default;
      }
    }
    for (const dependency of Object.values<any>(schema.dependencies ?? {})) {
      for (const branch of dependency?.oneOf ?? []) collect(branch);
    }
  };
  const parameters = template.spec?.parameters;
  for (const page of Array.isArray(parameters) ? parameters : [parameters]) {
    collect(page);
  }
  return { ...defaults, ...recorded, ...given };
}

/**
 * Renders a stored template version with given values, through the
 * scaffolder's own dry run: the same actions and filters as a real run, so
 * rendering the version a repository came from with its recorded values
 * gives back what was generated. Steps that reach outside (publishing,
 * catalog registration) only pretend in a dry run.
 */
const RECORD_ACTION = 'acme:golden-path:record';

export class ScaffolderRenderer {
  /** The scaffolder token, reused while it is valid for another minute. */
  private token?: { value: string; reuseUntil: number };

  constructor(
    private readonly options: {
      auth: AuthService;
      discovery: DiscoveryService;
      /**
       * Actions left out of a render: checks of the world as it is now
       * (e.g. that the name is still free), which a service that exists
       * fails by definition and which write no file.
       */
      skipActions: string[];
    },
  ) {}

  /**
   * The steps up to the golden-path record: what comes after it (publishing,
   * registering) adds nothing to the repository's content, and would act
   * on the world (e.g. "repository already exists").
   */
  private renderSteps(steps: Array<{ action?: string }>) {
    const record = steps.findIndex(s => s.action === RECORD_ACTION);
    return steps
      .slice(0, record < 0 ? steps.length : record + 1)
      .filter(s => !this.options.skipActions.includes(s.action ?? ''));
  }

  /**
   * The plugin's own token for the scaffolder. Signing one costs several
   * milliseconds of the event loop, and a campaign renders twice per
   * service: it is reused until a minute before it expires.
   */
  private async scaffolderToken(): Promise<string> {
    const { auth } = this.options;
    if (this.token && Date.now() < this.token.reuseUntil) {
      return this.token.value;
    }
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'scaffolder',
    });
    let expiresAt = 0;
    try {
      const payload = JSON.parse(
        Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'),
      ) as { exp?: number };
      expiresAt = (payload.exp ?? 0) * 1000;
    } catch {
      // not a JWT we can read: not reused
    }
    this.token = { value: token, reuseUntil: expiresAt - 60_000 };
    return token;
  }

  async render(
    snapshot: TemplateSnapshot,
    values: Record<string, unknown>,
  ): Promise<TreeFile[]> {
    const { discovery } = this.options;
    const token = await this.scaffolderToken();
    const baseUrl = await discovery.getBaseUrl('scaffolder');
    const response = await fetch(`${baseUrl}/v2/dry-run`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        // on the same host: compressing costs more than it saves
        'accept-encoding': 'identity',
      },
      body: JSON.stringify({
        template: {
          ...snapshot.template,
          spec: {
            ...snapshot.template.spec,
            steps: this.renderSteps(snapshot.template.spec?.steps ?? []),
          },
        },
        values,
        directoryContents: snapshot.files.map(f => ({
          path: f.path,
          base64Content: f.content.toString('base64'),
        })),
      }),
    });
    if (response.status === 401) this.token = undefined;
    if (response.status === 400) {
      const body = (await response.json().catch(() => ({}))) as {
        errors?: Array<{ stack?: string; message?: string }>;
        error?: { message?: string };
      };
      const problems =
        body.errors?.map(e => e.stack ?? e.message).join('; ') ??
        body.error?.message ??
        'invalid request';
      throw new InputError(
        `${snapshot.templateRef} ${snapshot.version} cannot be rendered with the recorded values: ${problems}`,
      );
    }
    if (!response.ok) {
      const error = await ResponseError.fromResponse(response);
      throw new Error(
        `Rendering ${snapshot.templateRef} ${snapshot.version} failed: ${
          error.body?.error?.message ?? error.message
        }`,
      );
    }
    const result = (await response.json()) as {
      directoryContents: Array<{
        path: string;
        base64Content: string;
        executable?: boolean;
      }>;
      log?: Array<{ body: { message?: string; status?: string } }>;
    };
    const failed = result.log?.find(l => l.body.status === 'failed');
    if (failed) {
      throw new Error(
        `Rendering ${snapshot.templateRef} ${snapshot.version} failed: ${failed.body.message}`,
      );
    }
    return result.directoryContents.map(f => ({
      path: f.path,
      content: Buffer.from(f.base64Content, 'base64'),
      executable: f.executable,
    }));
  }
}
