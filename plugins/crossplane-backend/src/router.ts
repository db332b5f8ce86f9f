import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { AllClaims } from '@internal/backstage-plugin-crossplane-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod/v3';
import { ClaimsService } from './ClaimsService';
import {
  COMMITTED_CLAIMS_ANNOTATION,
  CommittedClaimsReader,
} from './CommittedClaims';
import { crossplaneClaimsReadPermission } from './permissions';

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;
const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  claims: ClaimsService;
  committed: CommittedClaimsReader;
}): Promise<express.Router> {
  const { httpAuth, permissions, catalog, claims, committed } = options;
  const router = Router();

  /** The caller, once the policy lets them read claims. */
  async function authorizedCredentials(req: express.Request) {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize(
      [{ permission: crossplaneClaimsReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError('You may not read Crossplane claims');
    }
    return credentials;
  }

  /**
   * Every claim of the portal's services, for the Crossplane claims page: the
   * claims on every cluster with a kubernetes-id label, and the claims
   * committed to repositories (GitOps) that no cluster has yet, each with the
   * entity whose repository holds it.
   */
  router.get('/claims/all', async (req, res) => {
    const credentials = await authorizedCredentials(req);
    const [found, { items: entities }] = await Promise.all([
      claims.allClaims(),
      catalog.getEntities(
        {
          filter: {
            [`metadata.annotations.${COMMITTED_CLAIMS_ANNOTATION}`]:
              CATALOG_FILTER_EXISTS,
          },
        },
        { credentials },
      ),
    ]);
    const inRepositories = await Promise.all(
      entities.map(async entity =>
        (
          await committed.claimsOf(entity)
        ).map(c => ({
          ...c,
          entityRef: stringifyEntityRef(entity),
        })),
      ),
    );
    const body: AllClaims = {
      ...found,
      committed: inRepositories
        .flat()
        .filter(
          c =>
            !found.items.some(
              i =>
                i.kind === c.kind &&
                i.namespace === c.namespace &&
                i.name === c.name,
            ),
        ),
    };
    res.json(body);
  });

  const query = z.object({
    entityRef: z
      .string({ required_error: 'the entityRef query parameter is required' })
      .min(1, 'the entityRef query parameter is required'),
  });

  router.get('/claims', async (req, res) => {
    const parsed = query.safeParse(req.query);
    if (!parsed.success) {
      throw new InputError(parsed.error.issues.map(i => i.message).join(', '));
    }
    let entityRef: string;
    try {
      entityRef = stringifyEntityRef(parseEntityRef(parsed.data.entityRef));
    } catch (err) {
      throw new InputError(`Invalid entityRef: ${(err as Error).message}`);
    }

    const credentials = await authorizedCredentials(req);
    // Read with the caller's credentials: the catalog's permissions apply too.
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) {
      throw new NotFoundError(`Entity ${entityRef} not found`);
    }
    const id =
      entity.metadata.annotations?.[KUBERNETES_ID_ANNOTATION] ??
      entity.metadata.name;
    if (!LABEL_VALUE.test(id)) {
      throw new InputError(
        `The ${KUBERNETES_ID_ANNOTATION} of ${entityRef} (${id}) is not a valid Kubernetes label value`,
      );
    }
    const [found, inRepository] = await Promise.all([
      claims.claimsFor(id),
      committed.claimsOf(entity),
    ]);
    // A committed claim that a cluster has is shown as that cluster's claim.
    found.committed = inRepository.filter(
      c =>
        !found.items.some(
          i =>
            i.kind === c.kind &&
            i.namespace === c.namespace &&
            i.name === c.name,
        ),
    );
    res.json(found);
  });

  return router;
}
