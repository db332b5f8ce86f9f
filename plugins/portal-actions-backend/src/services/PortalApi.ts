import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  AuthenticationError,
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';

/** Options of {@link PortalApi.request}. */
export interface PortalRequest {
  /** Whose request this is: the caller of the action. */
  credentials: BackstageCredentials;
  method?: 'GET' | 'POST';
  query?: Record<string, string | number | undefined>;
  body?: unknown;
}

/**
 * What a plugin answered with a non-2xx status, when the action wants to
 * explain it itself (see {@link PortalApi.request}'s `onError`).
 */
export interface PortalApiFailure {
  status: number;
  /** The Backstage error body's `error.message`, or the raw text. */
  message: string;
  /** The parsed JSON body, if it was JSON. */
  body: unknown;
}

/**
 * Calls other backend plugins of the portal over HTTP, found through
 * discovery, always on behalf of the action's caller
 * (`auth.getPluginRequestToken({ onBehalfOf })`): the called plugin sees the
 * user, so its permission checks and its audit events are the user's.
 * A non-2xx answer becomes the matching `@backstage/errors` error with the
 * plugin's own message, which mcp-actions hands to the agent as a tool error.
 */
export class PortalApi {
  constructor(
    private readonly deps: {
      auth: AuthService;
      discovery: DiscoveryService;
    },
  ) {}

  /** The base URL people open in a browser for a plugin's API. */
  async externalBaseUrl(pluginId: string): Promise<string> {
    return this.deps.discovery.getExternalBaseUrl(pluginId);
  }

  async request<T>(
    pluginId: string,
    path: string,
    options: PortalRequest & {
      /** Turns a failure into an error of the action's own; else the default mapping. */
      onError?: (failure: PortalApiFailure) => Error | undefined;
    },
  ): Promise<T> {
    const { auth, discovery } = this.deps;
    const [baseUrl, { token }] = await Promise.all([
      discovery.getBaseUrl(pluginId),
      auth.getPluginRequestToken({
        onBehalfOf: options.credentials,
        targetPluginId: pluginId,
      }),
    ]);
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) query.set(key, String(value));
    }
    const url = `${baseUrl}${path}${query.size ? `?${query}` : ''}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: options.method ?? 'GET',
        headers: {
          Authorization: `Bearer ${token}`,
          ...(options.body !== undefined
            ? { 'Content-Type': 'application/json' }
            : {}),
        },
        body:
          options.body !== undefined ? JSON.stringify(options.body) : undefined,
      });
    } catch (error) {
      throw new ServiceUnavailableError(
        `The ${pluginId} plugin could not be reached: ${
          (error as Error).message
        }`,
      );
    }
    if (response.ok) {
      return (await response.json()) as T;
    }
    const failure = await readFailure(response);
    const own = options.onError?.(failure);
    if (own) throw own;
    throw toError(pluginId, failure);
  }
}

async function readFailure(response: Response): Promise<PortalApiFailure> {
  const text = await response.text();
  let body: unknown = text;
  let message = text.trim() || response.statusText;
  try {
    body = JSON.parse(text);
    const error = (body as { error?: { message?: unknown } })?.error;
    if (typeof error?.message === 'string' && error.message) {
      message = error.message;
    }
  } catch {
    // not JSON: the text is the message
  }
  return { status: response.status, message, body };
}

/** A plugin's HTTP failure as the `@backstage/errors` class of its status. */
export function toError(pluginId: string, failure: PortalApiFailure): Error {
  const message = `${pluginId}: ${failure.message}`;
  switch (failure.status) {
    case 400:
      return new InputError(message);
    case 401:
      return new AuthenticationError(message);
    case 403:
      return new NotAllowedError(message);
    case 404:
      return new NotFoundError(message);
    case 409:
      return new ConflictError(message);
    case 503:
      return new ServiceUnavailableError(message);
    default:
      return new Error(`${message} (HTTP ${failure.status})`);
  }
}
