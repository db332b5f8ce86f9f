/*
 * A Kubernetes API server stand-in on 127.0.0.1 for namespaced custom
 * resources (Crossplane claims). It speaks the real REST protocol so that
 * @kubernetes/client-node is exercised unchanged:
 *
 *  - GET    /apis/{group}/{version}/namespaces/{ns}/{plural}/{name}
 *  - GET    /apis/{group}/{version}/namespaces/{ns}/{plural}[?labelSelector&fieldSelector]
 *  - GET    ...?watch=true[&resourceVersion]  (chunked JSON lines: {type, object})
 *  - PATCH  .../{name} with Content-Type application/apply-patch+yaml
 *           (server-side apply: fieldManager required, field ownership,
 *           409 on conflicts unless force=true, dryRun=All)
 *
 * Failures come back as `Status` objects like the real API server's:
 * 401 Unauthorized, 403 Forbidden (scripted RBAC), 404 NotFound, 409
 * Conflict (FieldManagerConflict causes) and 422 Invalid (schema validation
 * of the custom resource, with details.causes).
 *
 * Tests script what "Crossplane" does to a claim's status: Ready after N
 * milliseconds, never Ready, or Synced=False with a message.
 */
import Ajv, { ErrorObject } from 'ajv';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import yaml from 'yaml';

type Json = any;

/** One custom resource type served by the stand-in. */
export interface FakeResourceType {
  group: string;
  version: string;
  kind: string;
  plural: string;
  /** openAPIV3Schema of the version. */
  schema?: Json;
}

/** What Crossplane does to a claim after it is created. */
export type StatusScript =
  | { type: 'readyAfter'; ms: number; compositionName?: string }
  | { type: 'never' }
  /** no controller touches the object (status stays empty) */
  | { type: 'none' }
  | { type: 'syncError'; message: string };

/** A request as the stand-in saw it. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  contentType?: string;
}

interface StoredObject {
  type: FakeResourceType;
  object: Json;
  /** manager -> owned leaf paths (JSON-encoded path arrays) */
  managers: Map<string, Set<string>>;
  timers: NodeJS.Timeout[];
}

interface WatchEvent {
  rv: number;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  key: string;
  object: Json;
}

/** Reads the claim resource type from a Crossplane XRD file. */
export function claimTypeFromXrd(xrdPath: string): FakeResourceType {
  const xrd = yaml.parse(fs.readFileSync(xrdPath, 'utf8'));
  const version = xrd.spec.versions.find((v: Json) => v.served);
  return {
    group: xrd.spec.group,
    version: version.name,
    kind: xrd.spec.claimNames.kind,
    plural: xrd.spec.claimNames.plural,
    schema: version.schema.openAPIV3Schema,
  };
}

function status(
  code: number,
  reason: string,
  message: string,
  details?: Json,
): Json {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
}

/** Leaf paths of an object; arrays are atomic (listType atomic). */
function leaves(value: Json, prefix: string[] = []): Array<[string[], Json]> {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const out: Array<[string[], Json]> = [];
    for (const [k, v] of Object.entries(value)) {
      out.push(...leaves(v, [...prefix, k]));
    }
    return out;
  }
  return [[prefix, value]];
}

function getPath(obj: Json, path: string[]): Json {
  return path.reduce((o, k) => (o === undefined || o === null ? o : o[k]), obj);
}

function setPath(obj: Json, path: string[], value: Json) {
  let o = obj;
  for (const k of path.slice(0, -1)) {
    if (!o[k] || typeof o[k] !== 'object') {
      o[k] = {};
    }
    o = o[k];
  }
  o[path[path.length - 1]] = value;
}

function deletePath(obj: Json, path: string[]) {
  const parents: Json[] = [obj];
  for (const k of path.slice(0, -1)) {
    const next = parents[parents.length - 1]?.[k];
    if (!next) return;
    parents.push(next);
  }
  delete parents[parents.length - 1][path[path.length - 1]];
  for (let i = parents.length - 1; i > 0; i--) {
    if (Object.keys(parents[i]).length === 0) {
      delete parents[i - 1][path[i - 1]];
    }
  }
}

/** Fields of an applied configuration that field managers own. */
function managedLeaves(applied: Json): Array<[string[], Json]> {
  const { apiVersion, kind, status: _status, ...rest } = applied;
  const metadata = { ...(rest.metadata ?? {}) };
  delete metadata.name;
  delete metadata.namespace;
  delete metadata.resourceVersion;
  delete metadata.managedFields;
  return leaves({ metadata, spec: rest.spec ?? {} }).filter(
    ([p]) => p.length > 1,
  );
}

function fieldsV1(paths: Set<string>): Json {
  const out: Json = {};
  for (const encoded of paths) {
    const path = JSON.parse(encoded) as string[];
    setPath(
      out,
      path.map(k => `f:${k}`),
      {},
    );
  }
  return out;
}

/**
 * Equality (`key=value`) and existence (`key`) terms of a label selector, as
 * the API server reads them; a value of undefined means "has the label".
 */
function parseSelector(
  selector: string | undefined,
): Array<[string, string | undefined]> {
  if (!selector) return [];
  return selector
    .split(',')
    .filter(Boolean)
    .map(term => {
      const [k, v] = term.split('=').map(s => s.trim());
      return [k, v];
    });
}

function matchesLabels(
  labels: Record<string, string> | undefined,
  selector: Array<[string, string | undefined]>,
): boolean {
  return selector.every(([k, v]) =>
    v === undefined ? labels?.[k] !== undefined : labels?.[k] === v,
  );
}

/** The Kubernetes API stand-in. */
export class FakeKubernetesApi {
  readonly requests: RecordedRequest[] = [];
  /** Status script applied to newly created objects. */
  defaultScript: StatusScript = { type: 'readyAfter', ms: 200 };
  /** Watches are closed by the server after this long (ms), like the API server's timeout. */
  watchTimeoutMs = 60_000;

  private readonly objects = new Map<string, StoredObject>();
  private readonly scripts = new Map<string, StatusScript>();
  private readonly denied: Array<{ verb: string; namespace?: string }> = [];
  private readonly events: WatchEvent[] = [];
  private readonly watchers = new Set<(e: WatchEvent) => void>();
  private readonly openResponses = new Set<http.ServerResponse>();
  private readonly validators = new Map<string, (o: Json) => ErrorObject[]>();
  private rv = 1000;

  static async start(options: {
    types: FakeResourceType[];
    token: string;
  }): Promise<FakeKubernetesApi> {
    const api = new FakeKubernetesApi(options.types, options.token);
    await new Promise<void>(resolve =>
      api.server.listen(0, '127.0.0.1', resolve),
    );
    return api;
  }

  private readonly server: http.Server;

  private constructor(
    private readonly types: FakeResourceType[],
    private readonly token: string,
  ) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    for (const t of types) {
      if (t.schema) {
        const validate = ajv.compile(t.schema);
        this.validators.set(this.typeKey(t), o =>
          validate(o) ? [] : validate.errors ?? [],
        );
      }
    }
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch(err => {
        this.send(res, 500, status(500, 'InternalError', String(err)));
      });
    });
  }

  get url() {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close() {
    for (const o of this.objects.values()) o.timers.forEach(clearTimeout);
    for (const r of this.openResponses) r.end();
    this.server.closeAllConnections();
    await new Promise(resolve => this.server.close(resolve));
  }

  /** Script the status of one object (by namespace/name), before or after creation. */
  script(namespace: string, name: string, script: StatusScript) {
    this.scripts.set(`${namespace}/${name}`, script);
  }

  /** RBAC: deny a verb (get, list, watch, patch), optionally only in one namespace. */
  deny(verb: string, namespace?: string) {
    this.denied.push({ verb, namespace });
  }

  /** The stored object, as GET would return it. */
  object(plural: string, namespace: string, name: string): Json | undefined {
    return this.objects.get(`${plural}/${namespace}/${name}`)?.object;
  }

  /**
   * Resolves once the stored object's status has the condition `Ready=True`
   * (its status script ran), so a test awaits the state rather than sleeping.
   */
  async whenReady(
    plural: string,
    namespace: string,
    name: string,
    timeoutMs = 10_000,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const isReady = () =>
      (
        (this.object(plural, namespace, name)?.status as any)?.conditions ?? []
      ).some((c: any) => c.type === 'Ready' && c.status === 'True');
    while (!isReady()) {
      if (Date.now() > deadline) {
        throw new Error(
          `${plural} ${namespace}/${name} did not become Ready within ${timeoutMs} ms`,
        );
      }
      await new Promise(resolve => setTimeout(resolve, 10));
    }
  }

  /** Number of stored objects. */
  count() {
    return this.objects.size;
  }

  private typeKey(t: FakeResourceType) {
    return `${t.group}/${t.version}/${t.plural}`;
  }

  private send(res: http.ServerResponse, code: number, body: Json) {
    res.writeHead(code, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  private async readBody(req: http.IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://x');
    const query = Object.fromEntries(url.searchParams.entries());
    this.requests.push({
      method: req.method ?? '',
      path: url.pathname,
      query,
      contentType: req.headers['content-type'],
    });

    if (req.headers.authorization !== `Bearer ${this.token}`) {
      this.send(res, 401, status(401, 'Unauthorized', 'Unauthorized'));
      return;
    }

    const all = url.pathname.match(/^\/apis\/([^/]+)\/([^/]+)\/([^/]+)$/);
    if (all && req.method === 'GET' && !query.watch) {
      const t = this.types.find(
        x => x.group === all[1] && x.version === all[2] && x.plural === all[3],
      );
      if (!t) {
        this.send(
          res,
          404,
          status(
            404,
            'NotFound',
            'the server could not find the requested resource',
            {},
          ),
        );
        return;
      }
      if (this.denied.some(d => d.verb === 'list' && !d.namespace)) {
        this.send(
          res,
          403,
          status(
            403,
            'Forbidden',
            `${t.plural}.${t.group} is forbidden: User "system:serviceaccount:backstage:backstage" cannot list resource "${t.plural}" in API group "${t.group}" at the cluster scope`,
            { group: t.group, kind: t.plural },
          ),
        );
        return;
      }
      this.send(res, 200, {
        apiVersion: `${t.group}/${t.version}`,
        kind: `${t.kind}List`,
        metadata: { resourceVersion: String(this.rv) },
        items: this.select(t, undefined, query).map(o => o.object),
      });
      return;
    }
    const m = url.pathname.match(
      /^\/apis\/([^/]+)\/([^/]+)\/namespaces\/([^/]+)\/([^/]+)(?:\/([^/]+))?$/,
    );
    const type =
      m &&
      this.types.find(
        t => t.group === m[1] && t.version === m[2] && t.plural === m[4],
      );
    if (!m || !type) {
      this.send(
        res,
        404,
        status(
          404,
          'NotFound',
          'the server could not find the requested resource',
          {},
        ),
      );
      return;
    }
    const namespace = decodeURIComponent(m[3]);
    const name = m[5] && decodeURIComponent(m[5]);
    let verb = 'list';
    if (req.method === 'PATCH') {
      verb = 'patch';
    } else if (name) {
      verb = 'get';
    } else if (query.watch === 'true' || query.watch === '1') {
      verb = 'watch';
    }
    if (req.method !== 'GET' && req.method !== 'PATCH') {
      this.send(
        res,
        405,
        status(
          405,
          'MethodNotAllowed',
          `${req.method} is not supported by the stand-in`,
        ),
      );
      return;
    }

    if (
      this.denied.some(
        d => d.verb === verb && (!d.namespace || d.namespace === namespace),
      )
    ) {
      const subject = `${type.plural}.${type.group}${name ? ` "${name}"` : ''}`;
      this.send(
        res,
        403,
        status(
          403,
          'Forbidden',
          `${subject} is forbidden: User "system:serviceaccount:backstage:backstage" cannot ${verb} resource "${type.plural}" in API group "${type.group}" in the namespace "${namespace}"`,
          { ...(name ? { name } : {}), group: type.group, kind: type.plural },
        ),
      );
      return;
    }

    if (verb === 'get') {
      const stored = this.objects.get(`${type.plural}/${namespace}/${name}`);
      if (!stored) {
        this.send(res, 404, this.notFound(type, name!));
        return;
      }
      this.send(res, 200, stored.object);
      return;
    }
    if (verb === 'list') {
      this.send(res, 200, {
        apiVersion: `${type.group}/${type.version}`,
        kind: `${type.kind}List`,
        metadata: { resourceVersion: String(this.rv) },
        items: this.select(type, namespace, query).map(o => o.object),
      });
      return;
    }
    if (verb === 'watch') {
      this.watch(type, namespace, query, res);
      return;
    }
    await this.apply(type, namespace, name!, query, req, res);
  }

  private notFound(type: FakeResourceType, name: string) {
    return status(
      404,
      'NotFound',
      `${type.plural}.${type.group} "${name}" not found`,
      {
        name,
        group: type.group,
        kind: type.plural,
      },
    );
  }

  private select(
    type: FakeResourceType,
    namespace: string | undefined,
    query: Json,
  ) {
    const labels = parseSelector(query.labelSelector);
    const fields = parseSelector(query.fieldSelector);
    return [...this.objects.values()].filter(o => {
      const md = o.object.metadata;
      return (
        o.type === type &&
        (namespace === undefined || md.namespace === namespace) &&
        matchesLabels(md.labels, labels) &&
        fields.every(([k, v]) => k !== 'metadata.name' || md.name === v)
      );
    });
  }

  private watch(
    type: FakeResourceType,
    namespace: string,
    query: Json,
    res: http.ServerResponse,
  ) {
    const fields = parseSelector(query.fieldSelector);
    const labels = parseSelector(query.labelSelector);
    const matches = (o: Json) =>
      o.metadata.namespace === namespace &&
      o.kind === type.kind &&
      matchesLabels(o.metadata.labels, labels) &&
      fields.every(([k, v]) => k !== 'metadata.name' || o.metadata.name === v);
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Transfer-Encoding': 'chunked',
    });
    const write = (type_: string, object: Json) =>
      res.write(`${JSON.stringify({ type: type_, object })}\n`);

    if (!query.resourceVersion) {
      for (const o of this.select(type, namespace, query))
        write('ADDED', o.object);
    } else {
      const from = Number(query.resourceVersion);
      for (const e of this.events) {
        if (e.rv > from && matches(e.object)) write(e.type, e.object);
      }
    }
    const listener = (e: WatchEvent) => {
      if (matches(e.object)) write(e.type, e.object);
    };
    this.watchers.add(listener);
    this.openResponses.add(res);
    const timer = setTimeout(() => res.end(), this.watchTimeoutMs);
    res.on('close', () => {
      clearTimeout(timer);
      this.watchers.delete(listener);
      this.openResponses.delete(res);
    });
  }

  private record(stored: StoredObject, type: WatchEvent['type']) {
    this.rv += 1;
    stored.object.metadata.resourceVersion = String(this.rv);
    const event: WatchEvent = {
      rv: this.rv,
      type,
      key: `${stored.object.metadata.namespace}/${stored.object.metadata.name}`,
      object: structuredClone(stored.object),
    };
    this.events.push(event);
    for (const w of this.watchers) w(event);
  }

  private invalid(type: FakeResourceType, name: string, causes: Json[]) {
    const summary =
      causes.length === 1
        ? `${causes[0].field}: ${causes[0].message}`
        : `[${causes.map(c => `${c.field}: ${c.message}`).join(', ')}]`;
    return status(
      422,
      'Invalid',
      `${type.kind}.${type.group} "${name}" is invalid: ${summary}`,
      {
        name,
        group: type.group,
        kind: type.kind,
        causes,
      },
    );
  }

  private schemaCauses(type: FakeResourceType, object: Json): Json[] {
    const validate = this.validators.get(this.typeKey(type));
    if (!validate) return [];
    return validate(object).map(e => {
      const base = e.instancePath.split('/').filter(Boolean).join('.');
      const value = getPath(object, e.instancePath.split('/').filter(Boolean));
      switch (e.keyword) {
        case 'required': {
          const field = `${base ? `${base}.` : ''}${
            (e.params as Json).missingProperty
          }`;
          return {
            reason: 'FieldValueRequired',
            message: 'Required value',
            field,
          };
        }
        case 'enum':
          return {
            reason: 'FieldValueNotSupported',
            message: `Unsupported value: ${JSON.stringify(
              value,
            )}: supported values: ${(e.params as Json).allowedValues
              .map((v: Json) => JSON.stringify(v))
              .join(', ')}`,
            field: base,
          };
        case 'type':
          return {
            reason: 'FieldValueTypeInvalid',
            message: `Invalid value: "${typeof value}": ${base} in body must be of type ${
              (e.params as Json).type
            }: ${JSON.stringify(value)}`,
            field: base,
          };
        default:
          return {
            reason: 'FieldValueInvalid',
            message: `Invalid value: ${JSON.stringify(
              value,
            )}: ${base} in body ${e.message}`,
            field: base,
          };
      }
    });
  }

  private async apply(
    type: FakeResourceType,
    namespace: string,
    name: string,
    query: Json,
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ) {
    if (req.headers['content-type'] !== 'application/apply-patch+yaml') {
      this.send(
        res,
        415,
        status(
          415,
          'UnsupportedMediaType',
          `the stand-in only supports server-side apply, not ${req.headers['content-type']}`,
        ),
      );
      return;
    }
    const manager = query.fieldManager;
    if (!manager) {
      this.send(
        res,
        400,
        status(
          400,
          'BadRequest',
          'PATCH, application/apply-patch+yaml: fieldManager must be set for apply',
        ),
      );
      return;
    }
    let applied: Json;
    try {
      applied = yaml.parse(await this.readBody(req));
    } catch (err) {
      this.send(
        res,
        400,
        status(400, 'BadRequest', `error decoding YAML: ${err}`),
      );
      return;
    }
    if (
      applied?.apiVersion !== `${type.group}/${type.version}` ||
      applied?.kind !== type.kind ||
      applied?.metadata?.name !== name ||
      (applied.metadata.namespace && applied.metadata.namespace !== namespace)
    ) {
      this.send(
        res,
        400,
        status(
          400,
          'BadRequest',
          'the apiVersion, kind, name or namespace of the body does not match the request URL',
        ),
      );
      return;
    }

    const key = `${type.plural}/${namespace}/${name}`;
    const existing = this.objects.get(key);
    const force = query.force === 'true';

    // Field ownership: a field owned by another manager with a different value is a conflict.
    const appliedLeaves = managedLeaves(applied);
    const conflicts: Json[] = [];
    if (existing) {
      for (const [path, value] of appliedLeaves) {
        const encoded = JSON.stringify(path);
        for (const [other, owned] of existing.managers) {
          if (
            other !== manager &&
            owned.has(encoded) &&
            JSON.stringify(getPath(existing.object, path)) !==
              JSON.stringify(value)
          ) {
            conflicts.push({
              reason: 'FieldManagerConflict',
              message: `conflict with "${other}"`,
              field: `.${path.join('.')}`,
            });
          }
        }
      }
    }
    if (conflicts.length && !force) {
      this.send(
        res,
        409,
        status(
          409,
          'Conflict',
          `Apply failed with ${conflicts.length} conflict${
            conflicts.length > 1 ? 's' : ''
          }: ${conflicts
            .map(
              c =>
                `${c.message} using ${type.group}/${type.version}: ${c.field}`,
            )
            .join('\n')}`,
          { causes: conflicts },
        ),
      );
      return;
    }

    // Merge: start from the stored object, drop fields only this manager owned, set the applied ones.
    const next: Json = existing
      ? structuredClone(existing.object)
      : {
          apiVersion: applied.apiVersion,
          kind: applied.kind,
          metadata: { name, namespace },
          spec: {},
        };
    const managers = new Map(
      [...(existing?.managers ?? new Map<string, Set<string>>())].map(
        ([k, v]) => [k, new Set(v)],
      ),
    );
    const appliedSet = new Set(appliedLeaves.map(([p]) => JSON.stringify(p)));
    for (const encoded of managers.get(manager) ?? []) {
      const ownedByOthers = [...managers].some(
        ([other, owned]) => other !== manager && owned.has(encoded),
      );
      if (!appliedSet.has(encoded) && !ownedByOthers) {
        deletePath(next, JSON.parse(encoded));
      }
    }
    for (const [path, value] of appliedLeaves) setPath(next, path, value);
    managers.set(manager, appliedSet);
    if (force) {
      for (const [other, owned] of managers) {
        if (other !== manager) for (const p of appliedSet) owned.delete(p);
      }
    }
    next.spec = next.spec ?? {};

    const causes = this.schemaCauses(type, next);
    if (causes.length) {
      this.send(res, 422, this.invalid(type, name, causes));
      return;
    }

    next.metadata.managedFields = [...managers]
      .filter(([, owned]) => owned.size > 0)
      .map(([m_, owned]) => ({
        manager: m_,
        operation: 'Apply',
        apiVersion: `${type.group}/${type.version}`,
        fieldsType: 'FieldsV1',
        fieldsV1: fieldsV1(owned),
      }));

    if (query.dryRun === 'All') {
      this.send(res, existing ? 200 : 201, next);
      return;
    }

    if (existing) {
      const before = JSON.stringify({
        ...existing.object,
        metadata: { ...existing.object.metadata, resourceVersion: '' },
      });
      const after = JSON.stringify({
        ...next,
        metadata: { ...next.metadata, resourceVersion: '' },
      });
      if (before === after) {
        this.send(res, 200, existing.object);
        return;
      }
      const specChanged =
        JSON.stringify(existing.object.spec) !== JSON.stringify(next.spec);
      existing.object = next;
      existing.managers = managers;
      if (specChanged)
        next.metadata.generation = (next.metadata.generation ?? 1) + 1;
      this.record(existing, 'MODIFIED');
      this.send(res, 200, existing.object);
      return;
    }

    next.metadata.uid = `uid-${this.rv + 1}`;
    next.metadata.generation = 1;
    next.metadata.creationTimestamp = new Date().toISOString();
    const stored: StoredObject = { type, object: next, managers, timers: [] };
    this.objects.set(key, stored);
    this.record(stored, 'ADDED');
    this.send(res, 201, stored.object);
    this.runScript(stored);
  }

  /** Plays what Crossplane does to a new claim, as scripted by the test. */
  private runScript(stored: StoredObject) {
    const { namespace, name } = stored.object.metadata;
    const script =
      this.scripts.get(`${namespace}/${name}`) ?? this.defaultScript;
    const now = () => new Date().toISOString();
    const update = (mutate: (o: Json) => void, delay: number) => {
      stored.timers.push(
        setTimeout(() => {
          mutate(stored.object);
          this.record(stored, 'MODIFIED');
        }, delay),
      );
    };
    const compositeName = `${name}-x7k2p`;
    if (script.type === 'none') {
      return;
    }
    if (script.type === 'syncError') {
      update(o => {
        o.status = {
          conditions: [
            {
              type: 'Synced',
              status: 'False',
              reason: 'ReconcileError',
              message: script.message,
              lastTransitionTime: now(),
            },
          ],
        };
      }, 20);
      return;
    }
    update(o => {
      o.spec.resourceRef = {
        apiVersion: `${stored.type.group}/${stored.type.version}`,
        kind: `X${stored.type.kind}`,
        name: compositeName,
      };
      o.spec.compositionRef = {
        name:
          script.type === 'readyAfter' && script.compositionName
            ? script.compositionName
            : 'xpostgresqldatabases-aws-small',
      };
      o.status = {
        conditions: [
          {
            type: 'Synced',
            status: 'True',
            reason: 'ReconcileSuccess',
            lastTransitionTime: now(),
          },
          {
            type: 'Ready',
            status: 'False',
            reason: 'Creating',
            message:
              'Composite resource claim is waiting for composite resource to become Ready',
            lastTransitionTime: now(),
          },
        ],
      };
    }, 20);
    if (script.type === 'readyAfter') {
      update(o => {
        o.status.conditions = [
          {
            type: 'Synced',
            status: 'True',
            reason: 'ReconcileSuccess',
            lastTransitionTime: now(),
          },
          {
            type: 'Ready',
            status: 'True',
            reason: 'Available',
            lastTransitionTime: now(),
          },
        ];
      }, Math.max(script.ms, 40));
    }
  }
}
