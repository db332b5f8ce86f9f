export type Health = { status: 'ok' | 'down' | 'unknown' };

/** Reads the /health answer, treating anything unexpected as down. */
export function parseHealth(body: unknown): Health {
  if (
    typeof body === 'object' &&
    body !== null &&
    (body as { status?: unknown }).status === 'ok'
  ) {
    return { status: 'ok' };
  }
  return { status: 'down' };
}

export function greeting(name: string): string {
  return `Welcome to ${name}`;
}
