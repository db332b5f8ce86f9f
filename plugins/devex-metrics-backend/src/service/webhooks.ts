import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod/v3';

/**
 * GitHub's X-Hub-Signature-256: `sha256=` + hex HMAC-SHA256 of the raw body
 * with the webhook secret. Constant-time comparison.
 */
export function verifyGithubSignature(
  secret: string,
  rawBody: Buffer,
  header: string | undefined,
): boolean {
  if (!header?.startsWith('sha256=')) return false;
  const expected = Buffer.from(
    `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`,
  );
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Constant-time comparison of a shared secret. */
export function secretMatches(
  expected: string,
  given: string | undefined,
): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The fields of a `deployment_status` event we use. */
export const githubDeploymentStatusSchema = z.object({
  deployment_status: z.object({
    state: z.string(),
    environment: z.string().optional(),
    created_at: z.string().datetime({ offset: true }),
  }),
  deployment: z.object({
    environment: z.string(),
  }),
  repository: z.object({
    full_name: z.string().regex(/^[^/\s]+\/[^/\s]+$/),
  }),
});

/** POST /events/deployments: any CI that is not GitHub. */
export const genericDeploymentSchema = z
  .object({
    entityRef: z.string().min(1).optional(),
    repository: z
      .string()
      .regex(/^[^/\s]+\/[^/\s]+$/, 'repository must be owner/name')
      .optional(),
    environment: z.string().min(1),
    status: z.enum(['success', 'failure', 'error', 'in_progress', 'queued']),
    deployedAt: z.string().datetime({ offset: true }).optional(),
    id: z.string().min(1).max(200).optional(),
  })
  .refine(v => v.entityRef || v.repository, {
    message: 'entityRef or repository is required',
  });
