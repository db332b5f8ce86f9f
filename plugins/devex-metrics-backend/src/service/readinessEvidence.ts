import {
  AuthService,
  DiscoveryService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { PagerDutyServiceResponse } from '@internal/backstage-plugin-pagerduty-common';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findRunbooksInDocs } from './runbookDocs';
import { CheckOutcome, hasCiAnnotation, ScorecardEvidence } from './scorecard';

const SOURCE_LOCATION = 'backstage.io/source-location';
const MANAGED_BY_LOCATION = 'backstage.io/managed-by-location';
const WORKFLOWS_DIR = '.github/workflows';

/**
 * The directory an entity's repository is in, from its source location
 * (or the folder of the catalog file that defines it): `url` targets end
 * with `/`, `file` targets are paths.
 */
export function repositoryLocation(
  entity: Entity,
): { type: 'url' | 'file'; target: string } | undefined {
  const a = entity.metadata.annotations ?? {};
  const split = (value: string | undefined) => {
    if (!value) return undefined;
    const sep = value.indexOf(':');
    return sep < 0
      ? undefined
      : { type: value.slice(0, sep), target: value.slice(sep + 1) };
  };
  const source = split(a[SOURCE_LOCATION]);
  if (source?.type === 'url') {
    return { type: 'url', target: source.target.replace(/\/?$/, '/') };
  }
  const managed = split(a[MANAGED_BY_LOCATION]);
  if (managed?.type === 'url') {
    try {
      return { type: 'url', target: new URL('./', managed.target).toString() };
    } catch {
      return undefined;
    }
  }
  if (managed?.type === 'file') {
    const file = managed.target.startsWith('file://')
      ? fileURLToPath(managed.target)
      : managed.target;
    return { type: 'file', target: path.dirname(file) };
  }
  return undefined;
}

/**
 * CI from the repository: a GitHub Actions workflow
 * (`.github/workflows/*.yml` or `*.yaml`) where the entity's source is.
 */
export async function findCiWorkflows(
  entity: Entity,
  urlReader: UrlReaderService,
): Promise<CheckOutcome> {
  const location = repositoryLocation(entity);
  if (!location) {
    return {
      passed: false,
      reason: `No CI annotation and no source location to look for ${WORKFLOWS_DIR}`,
    };
  }
  const where = `${WORKFLOWS_DIR} of ${location.target}`;
  try {
    let names: string[];
    if (location.type === 'file') {
      names = await fs
        .readdir(path.join(location.target, WORKFLOWS_DIR))
        .catch(() => []);
    } else {
      // Concatenated, not resolved with `new URL`, which would escape the glob.
      const { files } = await urlReader.search(
        `${location.target}${WORKFLOWS_DIR}/*.{yml,yaml}`,
      );
      names = files.map(f => f.url);
    }
    if (names.some(n => /\.ya?ml$/.test(n))) {
      return { passed: true };
    }
    return { passed: false, reason: `No workflow in ${where}` };
  } catch (error) {
    return {
      passed: false,
      reason: `Could not read ${where}: ${(error as Error).message}`,
    };
  }
}

/**
 * The on-call outcome when the pagerduty plugin has no PagerDuty account:
 * the same for every entity.
 */
export const PAGERDUTY_NOT_CONFIGURED: CheckOutcome = Object.freeze({
  passed: false,
  reason: 'PagerDuty is not configured',
});

/**
 * On-call: asks the pagerduty plugin for the entity's service (its own
 * `pagerduty.com/service-id` or its owner team's default) with this
 * plugin's service token. Any failure is a failed check with a reason.
 */
export class PagerDutyOnCallClient {
  constructor(
    private readonly deps: { discovery: DiscoveryService; auth: AuthService },
  ) {}

  async check(entity: Entity): Promise<CheckOutcome> {
    const { kind, namespace, name } = parseEntityRef(
      stringifyEntityRef(entity),
    );
    let body: PagerDutyServiceResponse;
    try {
      const baseUrl = await this.deps.discovery.getBaseUrl('pagerduty');
      const { token } = await this.deps.auth.getPluginRequestToken({
        onBehalfOf: await this.deps.auth.getOwnServiceCredentials(),
        targetPluginId: 'pagerduty',
      });
      const res = await fetch(
        `${baseUrl}/entities/${[kind, namespace, name]
          .map(encodeURIComponent)
          .join('/')}/service`,
        { headers: { Authorization: `Bearer ${token}` } },
      );
      if (!res.ok) {
        const error = await ResponseError.fromResponse(res);
        return {
          passed: false,
          reason: `PagerDuty could not be asked (the pagerduty plugin answered ${
            res.status
          }: ${error.body?.error?.message ?? res.statusText})`,
        };
      }
      body = (await res.json()) as PagerDutyServiceResponse;
    } catch (error) {
      return {
        passed: false,
        reason: `PagerDuty could not be asked: ${(error as Error).message}`,
      };
    }
    if (!body.configured) {
      return PAGERDUTY_NOT_CONFIGURED;
    }
    if (!body.service) {
      return {
        passed: false,
        reason: body.reason || 'No PagerDuty service for it or its team',
      };
    }
    return { passed: true };
  }
}

/**
 * Everything the checks need beyond the entity itself, per entity ref,
 * looked up four entities at a time.
 */
export async function collectEvidence(
  entities: Entity[],
  deps: {
    urlReader: UrlReaderService;
    onCall: Pick<PagerDutyOnCallClient, 'check'>;
  },
): Promise<Map<string, ScorecardEvidence>> {
  const runbooks = await findRunbooksInDocs(entities, deps.urlReader);
  const evidence = new Map<string, ScorecardEvidence>();
  let next = 0;
  // Once the pagerduty plugin says it has no account, the answer is the
  // same for every entity: a new catalog of 20,000 components was 20,000
  // plugin requests (each reading the entity from the catalog again).
  let notConfigured = false;
  const onCallOf = async (e: Entity) => {
    if (notConfigured) return PAGERDUTY_NOT_CONFIGURED;
    const outcome = await deps.onCall.check(e);
    if (outcome === PAGERDUTY_NOT_CONFIGURED) notConfigured = true;
    return outcome;
  };
  const worker = async () => {
    for (let e = entities[next++]; e; e = entities[next++]) {
      const ref = stringifyEntityRef(e);
      const [ci, onCall] = await Promise.all([
        hasCiAnnotation(e) ? undefined : findCiWorkflows(e, deps.urlReader),
        onCallOf(e),
      ]);
      evidence.set(ref, { runbookInDocs: runbooks.has(ref), ci, onCall });
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return evidence;
}
