/*
 * `$portal: /path` links to a page of the portal (below). And:
 * lets `$text: ./openapi.yaml` work in catalog files registered as `file`
 * locations (catalog/all.yaml and everything it targets).
 *
 * The catalog's built-in $text resolver only understands URL locations: for a
 * `file` location the base is a plain path, so it fails with "Placeholder
 * $text could not form a URL out of /.../catalog-info.yaml and
 * ./openapi.yaml" and the API entity is dropped
 * (https://github.com/backstage/backstage/issues/14372).
 *
 * This module replaces the `text` resolver: relative values next to a `file`
 * location are read from disk (only from the entity file's folder or below);
 * everything else behaves exactly like the built-in resolver (URL relative to
 * the entity's URL location, read through the UrlReader, same-repository
 * check, refresh key).
 */
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogProcessingExtensionPoint,
  PlaceholderResolverParams,
  processingResult,
} from '@backstage/plugin-catalog-node';
import fs from 'node:fs/promises';
import path from 'node:path';

const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** The target of a `file` location is an absolute path, not a URL. */
function isFileLocation(base: string): boolean {
  return path.isAbsolute(base) && !HAS_SCHEME.test(base);
}

export async function textPlaceholderResolver(
  params: PlaceholderResolverParams,
): Promise<string> {
  const { key, value, baseUrl } = params;
  if (typeof value !== 'string') {
    throw new Error(
      `Placeholder $${key} expected a string value parameter, in the form of an absolute URL or a relative path`,
    );
  }

  if (isFileLocation(baseUrl) && !HAS_SCHEME.test(value)) {
    const dir = path.dirname(baseUrl);
    const target = path.resolve(dir, value);
    if (!target.startsWith(dir + path.sep)) {
      throw new Error(
        `Placeholder $${key} may only reference files in the folder of ${baseUrl} or below, not ${value}`,
      );
    }
    try {
      return await fs.readFile(target, 'utf8');
    } catch (e) {
      throw new Error(
        `Placeholder $${key} could not read file ${target}, ${e}`,
      );
    }
  }

  let url: string;
  try {
    url = params.resolveUrl(value, baseUrl);
  } catch (e) {
    throw new Error(
      `Placeholder $${key} could not form a URL out of ${baseUrl} and ${value}, ${e}`,
    );
  }
  let content: string;
  try {
    content = (await params.read(url)).toString('utf-8');
  } catch (e) {
    throw new Error(
      `Placeholder $${key} could not read location ${value}, ${e}`,
    );
  }
  params.emit(processingResult.refresh(`url:${url}`));
  return content;
}

/**
 * `$portal: /docs/default/component/x/runbook/` resolves to that page of the
 * portal itself (`app.baseUrl` + path): the catalog only accepts absolute link
 * URLs, and the same catalog file serves a laptop and production.
 */
export function portalPlaceholderResolver(
  appBaseUrl: string,
  value: unknown,
): string {
  if (typeof value !== 'string' || !value.startsWith('/')) {
    throw new Error(
      `Placeholder $portal expected a path of the portal starting with "/", got ${JSON.stringify(
        value,
      )}`,
    );
  }
  return new URL(value, appBaseUrl.replace(/\/*$/, '/')).toString();
}

export default createBackendModule({
  pluginId: 'catalog',
  moduleId: 'file-placeholders',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ catalog, config }) {
        catalog.addPlaceholderResolver('text', textPlaceholderResolver);
        const appBaseUrl = config.getString('app.baseUrl');
        catalog.addPlaceholderResolver('portal', async ({ value }) =>
          portalPlaceholderResolver(appBaseUrl, value),
        );
      },
    });
  },
});
