// parse-prometheus-text-format ships no types; its output follows prom2json.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const parse: (
  text: string,
) => PromFamily[] = require('parse-prometheus-text-format');

export interface PromSample {
  labels?: Record<string, string>;
  value?: string;
  buckets?: Record<string, string>;
  count?: string;
  sum?: string;
}

export interface PromFamily {
  name: string;
  help: string;
  type: string;
  metrics: PromSample[];
}

/** Parses Prometheus exposition text with a real Prometheus parser. */
export function parsePrometheusText(text: string): Map<string, PromFamily> {
  return new Map(parse(text).map(f => [f.name, f]));
}
