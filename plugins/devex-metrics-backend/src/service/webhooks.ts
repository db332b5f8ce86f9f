import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod/v3';

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
