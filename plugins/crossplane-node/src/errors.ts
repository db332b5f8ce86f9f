import {
  AuthenticationError,
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { ApiException } from '@kubernetes/client-node';

/** A Kubernetes `Status` object, as returned with every failed request. */
export interface KubernetesStatus {
  kind?: string;
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    causes?: Array<{ reason?: string; message?: string; field?: string }>;
  };
}

/** What was attempted, to make the error message say where and how to fix. */
export interface RequestDescription {
  /** e.g. `apply`, `read` */
  verb: string;
  /** e.g. `PostgreSQLDatabase team-a/orders-db` */
  object: string;
  /** `postgresqldatabases.db.example.org` */
  resource: string;
  namespace: string;
  cluster: string;
  /** Added to failures of write requests: the cluster stored nothing. */
  nothingWritten?: boolean;
}

export function parseStatus(body: unknown): KubernetesStatus | undefined {
  if (typeof body === 'string') {
    try {
      const parsed = JSON.parse(body);
      return parsed && typeof parsed === 'object' ? parsed : undefined;
    } catch {
      return undefined;
    }
  }
  if (body && typeof body === 'object') {
    return body as KubernetesStatus;
  }
  return undefined;
}

function networkCode(err: unknown): string | undefined {
  let e: any = err;
  for (let i = 0; i < 5 && e; i++) {
    if (typeof e.code === 'string') {
      return e.code;
    }
    e = e.cause;
  }
  return undefined;
}

/**
 * Turns a failure of `@kubernetes/client-node` into a Backstage error whose
 * message says what happened, on which cluster, and what to do about it.
 */
/** True for a 404 about a missing object (not a missing API). */
export function isObjectNotFound(err: unknown): boolean {
  return (
    err instanceof ApiException &&
    err.code === 404 &&
    Boolean(parseStatus(err.body)?.details?.name)
  );
}

export function toActionableError(err: unknown, req: RequestDescription) {
  const where = `${req.object} on cluster '${req.cluster}'`;
  const tail = req.nothingWritten ? ' Nothing was created or changed.' : '';

  if (err instanceof ApiException) {
    const status = parseStatus(err.body);
    const message = status?.message ?? `HTTP ${err.code}`;
    switch (err.code) {
      case 401:
        return new AuthenticationError(
          `Cluster '${req.cluster}' rejected the portal's credentials while trying to ${req.verb} ${req.object}; check the serviceAccountToken configured for this cluster under kubernetes.clusterLocatorMethods.${tail}`,
        );
      case 403:
        return new NotAllowedError(
          `Not allowed to ${req.verb} ${where}: ${message}. Grant the portal's service account RBAC for ${req.resource} (verbs get, list, watch, create, patch) in namespace '${req.namespace}'.${tail}`,
        );
      case 404:
        return new NotFoundError(
          status?.details?.name
            ? `${where} was not found: ${message}`
            : `Cannot ${req.verb} ${where}: the API ${req.resource} is not served by this cluster (${message}). Is Crossplane installed and the XRD from crossplane/ applied?${tail}`,
        );
      case 409: {
        const fields = (status?.details?.causes ?? [])
          .map(c => `${c.field} (${c.message})`)
          .join(', ');
        return new ConflictError(
          `Cannot ${req.verb} ${where}: ${message}${
            fields ? ` [${fields}]` : ''
          }. Another field manager owns these fields: change them where that tool manages the claim, or re-run with force: true to take them over.${tail}`,
        );
      }
      case 422: {
        const causes = (status?.details?.causes ?? [])
          .map(c => `${c.field}: ${c.message}`)
          .join('; ');
        return new InputError(
          `The cluster rejected ${where} as invalid: ${
            causes || message
          }. Fix the template parameters.${tail}`,
        );
      }
      default:
        return new ServiceUnavailableError(
          `Cannot ${req.verb} ${where}: HTTP ${err.code} ${message}.${tail}`,
        );
    }
  }

  const code = networkCode(err);
  if (code) {
    return new ServiceUnavailableError(
      `Cannot reach cluster '${req.cluster}' to ${req.verb} ${req.object} (${code}); check the cluster url in kubernetes.clusterLocatorMethods and the network.${tail}`,
    );
  }
  return err instanceof Error ? err : new Error(String(err));
}
