// parse-prometheus-text-format ships no types; its output follows prom2json.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const parse: (
  text: string,
) => PromFamily[] = require('parse-prometheus-text-format');

/** One series of a metric family, as prom2json writes it. */
export interface PromSample {
  labels?: Record<string, string>;
  value?: string;
  buckets?: Record<string, string>;
  count?: string;
  sum?: string;
}

/** A metric family: its name, help text, type and series. */
export interface PromFamily {
  name: string;
  help: string;
  type: string;
  metrics: PromSample[];
}

/**
 * Parses Prometheus exposition text (what `/metrics` answers) with a real
 * Prometheus parser, into its metric families by name.
 */
export function parsePrometheusText(text: string): Map<string, PromFamily> {
  return new Map(parse(text).map(f => [f.name, f]));
}
