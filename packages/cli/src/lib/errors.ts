import { isError } from '@backstage/errors';

/**
 * An error the CLI explains to the user in one line, with the exit code the
 * command ends with.
 */
export class CliError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** The message of a Backstage error body (`{ error: { message } }`), if any. */
async function readErrorMessage(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const message = JSON.parse(text)?.error?.message;
    if (typeof message === 'string' && message) {
      return message;
    }
  } catch {
    // not JSON: a proxy's page or plain text
  }
  return text.trim().split('\n')[0].slice(0, 200);
}

/**
 * Turns an answer the portal gave to any request into a one-line CliError,
 * for the statuses that mean the same whichever API answered: the sign-in
 * (401), the permission policy (403), rate limits (429) and failures of the
 * portal (5xx). Other answers (404, 400, ...) are left to the caller.
 */
export async function throwForPortalStatus(
  response: Response,
  portal: string,
): Promise<void> {
  const { status } = response;
  if (status === 401) {
    throw new CliError(
      `Your sign-in to ${portal} has expired or is not valid: run \`idp login --portal ${portal}\``,
    );
  }
  if (status === 403) {
    const message = await readErrorMessage(response);
    throw new CliError(
      `The portal refused this (403 Forbidden)${message ? `: ${message}` : ''}`,
    );
  }
  if (status === 429) {
    const retryAfter = response.headers.get('retry-after');
    throw new CliError(
      `The portal is limiting requests (429 Too Many Requests); try again ${
        retryAfter ? `in ${retryAfter} seconds` : 'in a minute'
      }`,
    );
  }
  if (status >= 500) {
    const message = await readErrorMessage(response);
    throw new CliError(
      `The portal failed to answer (${status}${
        response.statusText ? ` ${response.statusText}` : ''
      })${message ? `: ${message}` : ''}; try again later`,
    );
  }
}

/** Why a request did not reach the portal, e.g. `ECONNREFUSED`. */
export function unreachableError(portal: string, error: unknown): CliError {
  const cause = isError(error) ? (error as { cause?: unknown }).cause : error;
  const code =
    (cause as { code?: string } | undefined)?.code ??
    (isError(cause) ? cause.message : undefined) ??
    (isError(error) ? error.message : String(error));
  return new CliError(`Cannot reach the portal at ${portal} (${code})`);
}

/** The one line printed for an error that ends a command. */
export function describeError(error: unknown): string {
  if (error instanceof CliError) {
    return error.message;
  }
  if (isError(error)) {
    // ResponseError from the Backstage clients: "Request failed with 404 Not
    // Found, <message>" is already one line.
    return error.message.split('\n')[0];
  }
  return String(error);
}
