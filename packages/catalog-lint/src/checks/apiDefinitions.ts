/*
 * API definitions: every API is an OpenAPI 3 document in a file next to it
 * ({ $text: ./openapi.yaml }), complete enough for the API docs page.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { entityLabel, Json } from '../entityRefs';
import { LoadResult, rel } from '../loadCatalog';

function collectLocalRefs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach(n => collectLocalRefs(n, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else collectLocalRefs(v, out);
    }
  }
  return out;
}

function resolvePointer(doc: unknown, pointer: string): unknown {
  return pointer
    .replace(/^#\/?/, '')
    .split('/')
    .filter(Boolean)
    .map(p => decodeURIComponent(p).replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<any>(
      (node, key) => (node && typeof node === 'object' ? node[key] : undefined),
      doc,
    );
}

/** Checks $text definitions; returns errors and the files referenced. */
export function checkApiDefinitions(load: LoadResult): {
  errors: string[];
  definitionFiles: string[];
} {
  const errors: string[] = [];
  const definitionFiles: string[] = [];
  for (const { entity, file } of load.entities.filter(
    le => le.entity.kind === 'API',
  )) {
    const label = entityLabel(entity);
    const spec = entity.spec as Json;
    if (spec?.type !== 'openapi') {
      errors.push(
        `${file}: ${label} spec.type must be openapi, got ${spec?.type}`,
      );
    }
    const textRef = spec?.definition?.$text;
    if (typeof textRef !== 'string') {
      errors.push(
        `${file}: ${label} spec.definition must be { $text: ./openapi.yaml }`,
      );
      continue;
    }
    const abs = path.resolve(load.catalogDir, path.dirname(file), textRef);
    const defFile = rel(load.catalogDir, abs);
    definitionFiles.push(defFile);
    if (!fs.existsSync(abs)) {
      errors.push(
        `${file}: ${label} $text ${textRef} -> ${defFile} does not exist`,
      );
      continue;
    }
    let doc: Json;
    try {
      doc = parseYaml(fs.readFileSync(abs, 'utf8'), { prettyErrors: true });
    } catch (e) {
      errors.push(`${defFile}: YAML error: ${(e as Error).message}`);
      continue;
    }
    if (
      typeof doc?.openapi !== 'string' ||
      !/^3\.\d+\.\d+$/.test(doc.openapi)
    ) {
      errors.push(
        `${defFile}: "openapi" must be a 3.x.y version string, got ${JSON.stringify(
          doc?.openapi,
        )}`,
      );
    }
    if (!doc?.info?.title || !doc?.info?.version) {
      errors.push(`${defFile}: info.title and info.version are required`);
    }
    if (
      !doc?.paths ||
      typeof doc.paths !== 'object' ||
      !Object.keys(doc.paths).length
    ) {
      errors.push(`${defFile}: paths must be a non-empty object`);
    } else {
      for (const [p, item] of Object.entries<Json>(doc.paths)) {
        if (!p.startsWith('/'))
          errors.push(`${defFile}: path "${p}" must start with /`);
        for (const [method, op] of Object.entries<Json>(item ?? {})) {
          if (
            ![
              'get',
              'put',
              'post',
              'delete',
              'options',
              'head',
              'patch',
              'trace',
            ].includes(method)
          )
            continue;
          if (!op?.responses || !Object.keys(op.responses).length) {
            errors.push(
              `${defFile}: ${method.toUpperCase()} ${p} has no responses`,
            );
          }
        }
      }
    }
    if (
      !doc?.components?.securitySchemes ||
      !Object.keys(doc.components.securitySchemes).length
    ) {
      errors.push(
        `${defFile}: components.securitySchemes must declare how callers authenticate`,
      );
    }
    for (const ref of collectLocalRefs(doc)) {
      if (!ref.startsWith('#/')) {
        errors.push(
          `${defFile}: $ref ${ref} must be local (the catalog only inlines the one file)`,
        );
      } else if (resolvePointer(doc, ref) === undefined) {
        errors.push(`${defFile}: $ref ${ref} does not resolve`);
      }
    }
  }
  return { errors, definitionFiles };
}
