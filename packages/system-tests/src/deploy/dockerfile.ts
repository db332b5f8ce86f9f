/*
 * Just enough of the Dockerfile and .dockerignore syntax for
 * containerConfig.test.ts to read our own files: continuations, comments, exec
 * and shell forms. No heredocs, no ARG expansion, no globs in COPY sources.
 */
import { posix } from 'path';

export interface Stage {
  image: string;
  alias?: string;
  instructions: Array<{ keyword: string; args: string }>; // keyword upper case
}

export interface Copy {
  sources: string[]; // relative to the build context
  dest: string; // absolute path in the image
  destIsDir: boolean;
}

/** Splits a Dockerfile into stages; anything before the first FROM is dropped. */
export function parse(text: string): Stage[] {
  const stages: Stage[] = [];
  // Docker drops comment lines, even inside a continuation, then joins lines.
  const joined = text.replace(/^\s*#.*$/gm, '').replace(/\\\s*\n/g, ' ');
  for (const [, word, args] of joined.matchAll(/^\s*(\w+)\s+(.*)$/gm)) {
    const keyword = word.toUpperCase();
    if (keyword === 'FROM') {
      const [image, as, alias] = words(args).filter(w => !w.startsWith('--'));
      stages.push({ image, alias: as && alias, instructions: [] });
    }
    stages[stages.length - 1]?.instructions.push({
      keyword,
      args: args.replace(/\s+/g, ' ').trim(),
    });
  }
  return stages;
}

/** The words of an exec-form (JSON array) or shell-form argument list. */
export function words(args: string): string[] {
  if (args.startsWith('[')) return JSON.parse(args);
  return [...args.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map(
    m => m[1] ?? m[2] ?? m[3],
  );
}

/** The arguments of each `keyword` instruction of a stage, in order. */
export function argsOf(stage: Stage, keyword: string): string[] {
  return stage.instructions.filter(i => i.keyword === keyword).map(i => i.args);
}

/** The WORKDIR in effect at the end of a stage. */
export function workdir(stage: Stage): string {
  return argsOf(stage, 'WORKDIR').reduce(
    (dir, d) => posix.resolve(dir, d),
    '/',
  );
}

/** The COPY and ADD instructions of a stage that read the build context. */
export function contextCopies(stage: Stage): Copy[] {
  let dir = '/';
  const result: Copy[] = [];
  for (const { keyword, args } of stage.instructions) {
    if (keyword === 'WORKDIR') dir = posix.resolve(dir, args);
    if (!['COPY', 'ADD'].includes(keyword) || args.includes('--from=')) {
      continue;
    }
    const sources = words(args).filter(w => !w.startsWith('--'));
    const dest = sources.pop()!;
    result.push({
      sources: sources.map(s => posix.normalize(s)),
      dest: posix.resolve(dir, dest),
      destIsDir: dest.endsWith('/') || dest === '.' || sources.length > 1,
    });
  }
  return result;
}

/**
 * Whether .dockerignore keeps a path from the builder: the last matching rule
 * wins, and a rule matching a directory covers everything in it.
 */
export function isIgnored(patterns: string[], file: string): boolean {
  const parts = posix.normalize(file).split('/');
  const prefixes = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  let ignored = false;
  for (const pattern of patterns) {
    const glob = posix
      .normalize(pattern.replace(/^!/, ''))
      .replace(/^\/|\/$/g, '');
    if (prefixes.some(p => globToRegExp(glob).test(p))) {
      ignored = !pattern.startsWith('!');
    }
  }
  return ignored;
}

function globToRegExp(glob: string): RegExp {
  const segment = (s: string) =>
    s
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '[^/]*')
      .replace(/\?/g, '[^/]');
  const anyDepth = (s: string) => s.split('**').map(segment).join('.*');
  return new RegExp(`^${glob.split('**/').map(anyDepth).join('(?:.*/)?')}$`);
}
