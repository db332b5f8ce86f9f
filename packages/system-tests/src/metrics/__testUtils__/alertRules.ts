import fs from 'node:fs';
import { parse as parseYaml } from 'yaml';

export interface AlertRule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface RuleGroup {
  name: string;
  rules: AlertRule[];
}

/** Reads a Prometheus rules file (the `spec` of a PrometheusRule). */
export function readRuleGroups(file: string): RuleGroup[] {
  const doc = parseYaml(fs.readFileSync(file, 'utf8')) as {
    groups?: RuleGroup[];
  };
  if (!Array.isArray(doc?.groups)) {
    throw new Error(`${file}: no groups`);
  }
  return doc.groups;
}

const KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'and',
  'or',
  'unless',
  'bool',
  'offset',
  'inf',
  'nan',
]);

/**
 * The metric names a PromQL expression selects: identifiers that are not
 * functions, keywords, label names (inside `{}` or `by (...)`), strings or
 * durations.
 */
export function metricNamesOf(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(
      /\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g,
      ' ',
    );
  const names = new Set<string>();
  const re = /[a-zA-Z_:][a-zA-Z0-9_:]*/g;
  for (let m = re.exec(stripped); m; m = re.exec(stripped)) {
    const word = m[0];
    const rest = stripped.slice(m.index + word.length);
    if (/^\s*\(/.test(rest)) continue; // a function call
    if (KEYWORDS.has(word.toLocaleLowerCase('en-US'))) continue;
    const before = stripped.slice(0, m.index);
    if (/[0-9.]$/.test(before)) continue; // 1e3, durations
    names.add(word);
  }
  return [...names];
}

/** Every metric name used by the rules, with the alerts using it. */
export function alertRuleMetricNames(
  groups: RuleGroup[],
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const g of groups) {
    for (const r of g.rules) {
      for (const name of metricNamesOf(r.expr)) {
        out.set(name, [...(out.get(name) ?? []), r.alert ?? r.record ?? '?']);
      }
    }
  }
  return out;
}
