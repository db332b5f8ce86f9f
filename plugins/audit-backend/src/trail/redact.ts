import type { Config } from '@backstage/config';
import type {
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';

/** What replaces a secret in audit records and audit log lines. */
export const REDACTED = '[REDACTED]';

/**
 * Keys whose values are treated as secrets wherever they appear in an event
 * (any depth): password, passphrase, token, secret, credential(s), api key,
 * private key, client secret, authorization, cookie, `key` itself and
 * anything ending in `key` (`sshKey`, `accessKey`).
 */
const SECRET_KEY_PATTERN =
  /(passw(or)?d|passphrase|pwd|token|secret|credential|authorization|cookie|api[-_]?key|private[-_]?key|(^|[-_a-z])key$)/i;

/** Keys that look secret by the pattern above but only hold names or refs. */
const NOT_SECRET_KEYS = new Set(['templateRef', 'entityRef', 'keyName']);

/** Whether a key in an event's meta names a secret value. */
export function isSecretKey(key: string): boolean {
  if (NOT_SECRET_KEYS.has(key)) {
    return false;
  }
  return SECRET_KEY_PATTERN.test(key);
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Removes secrets from audit data before it is logged, stored or forwarded:
 * values under secret-looking keys, and every occurrence of a known secret
 * value (the config values marked `@visibility secret`) in any string,
 * including error messages and URLs.
 */
export class Redactor {
  #pattern: RegExp | undefined;

  constructor(secretValues: Iterable<string> = []) {
    this.setSecretValues(secretValues);
  }

  /** Replaces the known secret values (config can be reloaded). */
  setSecretValues(secretValues: Iterable<string>) {
    // Very short values (e.g. "1", "true") would redact ordinary words; the
    // root logger's redaction has the same trade-off. Longest first so that a
    // secret containing another is replaced whole.
    const values = [...new Set(secretValues)]
      .map(v => v.trim())
      .filter(v => v.length >= 4)
      .sort((a, b) => b.length - a.length);
    this.#pattern =
      values.length > 0
        ? new RegExp(values.map(escapeRegExp).join('|'), 'g')
        : undefined;
  }

  /** A string with every known secret value replaced. */
  redactString(value: string): string {
    return this.#pattern ? value.replace(this.#pattern, REDACTED) : value;
  }

  /**
   * A deep copy of a JSON-like value: strings redacted, values under secret
   * keys replaced (objects and arrays under such keys too), cycles cut.
   */
  redactValue<T>(value: T): T {
    return this.#redact(value, new WeakSet()) as T;
  }

  /** A URL with secret-looking query parameters and known secrets removed. */
  redactUrl(url: string): string {
    const queryStart = url.indexOf('?');
    if (queryStart < 0) {
      return this.redactString(url);
    }
    const params = new URLSearchParams(url.slice(queryStart + 1));
    for (const key of [...params.keys()]) {
      if (isSecretKey(key)) {
        params.set(key, REDACTED);
      }
    }
    return this.redactString(`${url.slice(0, queryStart)}?${params}`);
  }

  #redact(value: unknown, seen: WeakSet<object>): unknown {
    if (typeof value === 'string') {
      return this.redactString(value);
    }
    if (value === null || typeof value !== 'object') {
      return value;
    }
    if (seen.has(value)) {
      return '[Circular]';
    }
    seen.add(value);
    if (Array.isArray(value)) {
      return value.map(item => this.#redact(item, seen));
    }
    if (value instanceof Date) {
      return value.toISOString();
    }
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined && item !== null && isSecretKey(key)) {
        result[key] = REDACTED;
      } else {
        result[key] = this.#redact(item, seen);
      }
    }
    return result;
  }
}

/**
 * Keeps `redactor` told the config's secret values: now, and again after
 * every config change, each enumeration with a schema loaded for it by
 * `loadEnumerator` (createConfigSecretEnumerator). The enumerator is not
 * kept between changes: it holds every package's config schema and its
 * compiled validator (~14 MiB of live heap for the portal, paid by every
 * replica all the time, for config changes that are rare). Enumerations run
 * one after the other, so the last change's values are the ones kept.
 * Resolves when the first values are set.
 */
export function trackConfigSecrets(options: {
  config: RootConfigService;
  redactor: Redactor;
  loadEnumerator: () => Promise<(config: Config) => Iterable<string>>;
  logger: LoggerService;
}): Promise<void> {
  const { config, redactor, loadEnumerator, logger } = options;
  const enumerate = async () => {
    const enumerator = await loadEnumerator();
    redactor.setSecretValues(enumerator(config));
  };
  const first = enumerate();
  let latest = first.catch(() => {});
  config.subscribe?.(() => {
    latest = latest
      .then(enumerate)
      .catch(error =>
        logger.error(
          `Could not list the changed config's secrets to redact from audit records (the previous ones still are): ${error}`,
        ),
      );
  });
  return first;
}
