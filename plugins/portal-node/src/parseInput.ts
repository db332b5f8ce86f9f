import { InputError } from '@backstage/errors';

/**
 * What {@link parseInput} needs of a schema: a zod schema of either API,
 * `zod` (v4) or `zod/v3`, fits.
 *
 * @public
 */
export interface InputSchema<T> {
  safeParse(input: unknown):
    | { success: true; data: T }
    | {
        success: false;
        error: {
          issues: ReadonlyArray<{
            path: ReadonlyArray<PropertyKey>;
            message: string;
          }>;
        };
      };
}

/** @public */
export interface ParseInputOptions {
  /**
   * Names the input in an issue about it as a whole (an issue without a
   * path), e.g. `'query'`. Default `'body'`.
   */
  what?: string;
  /**
   * The shape the caller should send, put before the issues, e.g.
   * `'{ entityRef, parameters? }'` gives `Expected { entityRef, parameters? }: ...`.
   */
  expected?: string;
}

/**
 * Checks a request's input (body or query) with a zod schema.
 *
 * @returns the parsed input (the schema's output)
 * @throws InputError (a 400 answer) that lists every issue as
 *   `<path>: <message>`, joined by `; `, e.g. `from: not a real day; limit: ...`
 * @public
 */
export function parseInput<T>(
  schema: InputSchema<T>,
  input: unknown,
  options: ParseInputOptions = {},
): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) {
    return parsed.data;
  }
  const what = options.what ?? 'body';
  const issues = parsed.error.issues
    .map(i => `${i.path.map(String).join('.') || what}: ${i.message}`)
    .join('; ');
  throw new InputError(
    options.expected ? `Expected ${options.expected}: ${issues}` : issues,
  );
}
