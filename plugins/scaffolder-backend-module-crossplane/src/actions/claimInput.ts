import { JsonObject } from '@backstage/types';
import { z as zod } from 'zod/v3';
import {
  ClaimObject,
  ClaimRef,
  KUBERNETES_ID_LABEL,
  OWNER_ANNOTATION,
} from '@internal/backstage-plugin-crossplane-node';

type Z = typeof zod;

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;

/** Inputs naming a claim; shared by every crossplane:claim:* action. */
export const claimRefInput = {
  apiVersion: (z: Z) =>
    z
      .string({
        description:
          'API version of the claim, group/version (default db.example.org/v1alpha1)',
      })
      .regex(/^[a-z0-9.-]+\/v[0-9a-z]+$/, 'must look like group/version')
      .default('db.example.org/v1alpha1'),
  kind: (z: Z) =>
    z
      .string({ description: 'Claim kind (default PostgreSQLDatabase)' })
      .regex(/^[A-Z][A-Za-z0-9]*$/, 'must be a Kubernetes kind')
      .optional(),
  plural: (z: Z) =>
    z
      .string({
        description:
          'Plural resource name of the claim kind (default: lower-case kind + "s")',
      })
      .regex(DNS_LABEL)
      .optional(),
  name: (z: Z) =>
    z
      .string({ description: 'Name of the claim' })
      .regex(
        DNS_SUBDOMAIN,
        'must be lower-case letters, digits, "-" or "." (a Kubernetes object name)',
      ),
  namespace: (z: Z) =>
    z
      .string({ description: 'Namespace of the claim' })
      .regex(DNS_LABEL, 'must be a Kubernetes namespace name'),
};

/** Inputs describing the claim's content; used by create and render. */
export const claimContentInput = {
  ...claimRefInput,
  parameters: (z: Z) =>
    z.record(z.string(), z.unknown(), {
      description:
        'spec.parameters of the claim, e.g. { storageGB: 20, tier: small, region: eu-west-1 }',
    }),
  compositionSelector: (z: Z) =>
    z
      .record(z.string(), z.string(), {
        description:
          'Labels selecting the Composition (spec.compositionSelector.matchLabels), e.g. { provider: aws, tier: small }',
      })
      .optional(),
  connectionSecretName: (z: Z) =>
    z
      .string({
        description:
          'Secret (in the claim namespace) that receives the connection details; default <name>-conn',
      })
      .regex(DNS_SUBDOMAIN)
      .optional(),
  component: (z: Z) =>
    z
      .string({
        description: `Catalog component the claim belongs to; set as the ${KUBERNETES_ID_LABEL} label`,
      })
      .regex(LABEL_VALUE, 'must be a valid label value (the entity name)')
      .optional(),
  owner: (z: Z) =>
    z
      .string({
        description: `Owner entity ref (e.g. group:default/team-orders); recorded as the ${OWNER_ANNOTATION} annotation`,
      })
      .optional(),
  labels: (z: Z) =>
    z
      .record(z.string(), z.string(), { description: 'Extra labels' })
      .optional(),
};

export const DEFAULT_API_VERSION = 'db.example.org/v1alpha1';
export const DEFAULT_KIND = 'PostgreSQLDatabase';

export interface ClaimRefValues {
  apiVersion?: string;
  kind?: string;
  plural?: string;
  name: string;
  namespace: string;
}

export interface ClaimContentValues extends ClaimRefValues {
  parameters: Record<string, unknown>;
  compositionSelector?: Record<string, string>;
  connectionSecretName?: string;
  component?: string;
  owner?: string;
  labels?: Record<string, string>;
}

/**
 * The claim's coordinates with defaults applied (the scaffolder validates
 * inputs against the JSON schema but does not fill in defaults).
 */
export function toClaimRef(input: ClaimRefValues): ClaimRef {
  const kind = input.kind ?? DEFAULT_KIND;
  return {
    apiVersion: input.apiVersion ?? DEFAULT_API_VERSION,
    kind,
    plural: input.plural ?? `${kind.toLowerCase()}s`,
    namespace: input.namespace,
    name: input.name,
  };
}

export function connectionSecretName(input: ClaimContentValues) {
  return input.connectionSecretName ?? `${input.name}-conn`;
}

/** The claim manifest: only the fields the portal manages. */
export function buildClaim(input: ClaimContentValues): ClaimObject {
  const ref = toClaimRef(input);
  const labels: Record<string, string> = { ...input.labels };
  if (input.component) {
    labels[KUBERNETES_ID_LABEL] = input.component;
  }
  const annotations: Record<string, string> = {};
  if (input.owner) {
    annotations[OWNER_ANNOTATION] = input.owner;
  }
  const spec: JsonObject = {
    parameters: input.parameters as JsonObject,
    writeConnectionSecretToRef: { name: connectionSecretName(input) },
  };
  if (input.compositionSelector) {
    spec.compositionSelector = { matchLabels: input.compositionSelector };
  }
  return {
    apiVersion: ref.apiVersion,
    kind: ref.kind,
    metadata: {
      name: input.name,
      namespace: input.namespace,
      ...(Object.keys(labels).length ? { labels } : {}),
      ...(Object.keys(annotations).length ? { annotations } : {}),
    },
    spec,
  };
}
