/*
 * Validates the platform side in crossplane/ (repo root): the XRD, the
 * Compositions and the claim examples, as far as that is possible without a
 * cluster.
 */
import Ajv from 'ajv';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';

const ROOT = path.resolve(__dirname, '../../../../crossplane');

function load(file: string): any {
  return yaml.parse(fs.readFileSync(path.join(ROOT, file), 'utf8'));
}
function loadDir(dir: string): Array<{ file: string; doc: any }> {
  return fs
    .readdirSync(path.join(ROOT, dir))
    .filter(f => f.endsWith('.yaml'))
    .sort()
    .map(f => ({ file: `${dir}/${f}`, doc: load(`${dir}/${f}`) }));
}

const xrd = load('xrd.yaml');
const compositions = loadDir('compositions');
const examples = loadDir('examples');
const version = xrd.spec.versions.find((v: any) => v.referenceable);
const schema = version.schema.openAPIV3Schema;

/** The schema node at a dotted field path, or undefined if it does not exist. */
function schemaAt(fieldPath: string): any {
  let node = schema;
  for (const key of fieldPath.split('.')) {
    node = node?.properties?.[key];
  }
  return node;
}

/** Patches of all resources and patch sets of a Pipeline composition. */
function patchesOf(composition: any) {
  const out: Array<{ where: string; patch: any }> = [];
  for (const step of composition.spec.pipeline ?? []) {
    const input = step.input ?? {};
    for (const set of input.patchSets ?? []) {
      for (const patch of set.patches) {
        out.push({ where: `patchSet ${set.name}`, patch });
      }
    }
    for (const resource of input.resources ?? []) {
      for (const patch of resource.patches ?? []) {
        out.push({ where: `resource ${resource.name}`, patch });
      }
    }
  }
  return out;
}

function resourcesOf(composition: any): any[] {
  return (composition.spec.pipeline ?? []).flatMap(
    (step: any) => step.input?.resources ?? [],
  );
}

describe('crossplane/xrd.yaml', () => {
  it('defines the PostgreSQLDatabase claim in db.example.org/v1alpha1', () => {
    expect(xrd.apiVersion).toBe('apiextensions.crossplane.io/v1');
    expect(xrd.kind).toBe('CompositeResourceDefinition');
    expect(xrd.metadata.name).toBe(
      `${xrd.spec.names.plural}.${xrd.spec.group}`,
    );
    expect(xrd.metadata.name).toBe('xpostgresqldatabases.db.example.org');
    expect(xrd.spec.claimNames).toEqual({
      kind: 'PostgreSQLDatabase',
      plural: 'postgresqldatabases',
    });
    expect(version.name).toBe('v1alpha1');
    expect(version.served).toBe(true);
    expect(xrd.spec.versions.filter((v: any) => v.referenceable)).toHaveLength(
      1,
    );
    expect(Object.keys(schemaAt('spec.parameters').properties).sort()).toEqual([
      'region',
      'storageGB',
      'tier',
    ]);
  });

  it('has a structural schema (typed nodes, no additionalProperties next to properties)', () => {
    const problems: string[] = [];
    const visit = (node: any, at: string) => {
      if (typeof node?.type !== 'string') {
        problems.push(`${at || '<root>'} has no type`);
      }
      if (node?.properties && node.additionalProperties !== undefined) {
        problems.push(`${at} has properties and additionalProperties`);
      }
      for (const [k, v] of Object.entries(node?.properties ?? {})) {
        visit(v, `${at}.${k}`);
      }
    };
    visit(schema, '');
    expect(problems).toEqual([]);
  });

  it('defaults to a Composition that exists', () => {
    const names = compositions.map(c => c.doc.metadata.name);
    expect(names).toContain(xrd.spec.defaultCompositionRef.name);
  });
});

describe.each(compositions.map(c => [c.file, c.doc] as const))(
  '%s',
  (_file, composition) => {
    it('composes the XRD with function-patch-and-transform', () => {
      expect(composition.apiVersion).toBe('apiextensions.crossplane.io/v1');
      expect(composition.kind).toBe('Composition');
      expect(composition.spec.compositeTypeRef).toEqual({
        apiVersion: `${xrd.spec.group}/${version.name}`,
        kind: xrd.spec.names.kind,
      });
      expect(composition.spec.mode).toBe('Pipeline');
      expect(
        composition.spec.pipeline.map((s: any) => s.functionRef.name),
      ).toContain('function-patch-and-transform');
      const resources = resourcesOf(composition);
      expect(resources.length).toBeGreaterThan(0);
      const names = resources.map(r => r.name);
      expect(new Set(names).size).toBe(names.length);
      for (const r of resources) {
        expect(r.base.apiVersion).toMatch(
          /^[a-z0-9.-]+\/v\d+(alpha|beta)?\d*$/,
        );
        expect(r.base.kind).toMatch(/^[A-Z]/);
      }
    });

    it('patches only from and to fields that exist in the XRD schema', () => {
      const setNames = (composition.spec.pipeline ?? []).flatMap((s: any) =>
        (s.input?.patchSets ?? []).map((p: any) => p.name),
      );
      const problems: string[] = [];
      for (const { where, patch } of patchesOf(composition)) {
        switch (patch.type) {
          case 'FromCompositeFieldPath':
            if (
              !patch.fromFieldPath.startsWith('metadata.') &&
              !schemaAt(patch.fromFieldPath)
            ) {
              problems.push(`${where}: ${patch.fromFieldPath} not in the XRD`);
            }
            break;
          case 'ToCompositeFieldPath':
            if (!schemaAt(patch.toFieldPath)) {
              problems.push(`${where}: ${patch.toFieldPath} not in the XRD`);
            }
            break;
          case 'PatchSet':
            if (!setNames.includes(patch.patchSetName)) {
              problems.push(`${where}: unknown patchSet ${patch.patchSetName}`);
            }
            break;
          default:
            problems.push(`${where}: unexpected patch type ${patch.type}`);
        }
      }
      expect(problems).toEqual([]);
    });

    it('maps every enum value of a field it map-transforms', () => {
      const problems: string[] = [];
      let mapTransforms = 0;
      for (const { where, patch } of patchesOf(composition)) {
        const enumValues: string[] | undefined = schemaAt(
          patch.fromFieldPath ?? '',
        )?.enum;
        for (const t of patch.transforms ?? []) {
          if (t.type !== 'map') continue;
          mapTransforms += 1;
          for (const value of enumValues ?? []) {
            if (!(value in t.map)) {
              problems.push(
                `${where}: ${patch.fromFieldPath}=${value} is not mapped`,
              );
            }
          }
        }
      }
      expect(problems).toEqual([]);
      expect(mapTransforms).toBeGreaterThan(0);
    });

    it('publishes every connection secret key of the XRD', () => {
      const published = resourcesOf(composition).flatMap(r =>
        (r.connectionDetails ?? []).map((d: any) => d.name),
      );
      expect([...new Set(published)].sort()).toEqual(
        [...xrd.spec.connectionSecretKeys].sort(),
      );
    });
  },
);

describe('crossplane/examples', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(schema);

  it.each(examples.map(e => [e.file, e.doc] as const))(
    '%s is a valid claim that selects an existing Composition',
    (_file, claim) => {
      expect(claim.apiVersion).toBe(`${xrd.spec.group}/${version.name}`);
      expect(claim.kind).toBe(xrd.spec.claimNames.kind);
      expect(validate(claim) ? [] : validate.errors).toEqual([]);
      const selector = claim.spec.compositionSelector?.matchLabels ?? {};
      const matching = compositions.filter(c =>
        Object.entries(selector).every(
          ([k, v]) => c.doc.metadata.labels?.[k] === v,
        ),
      );
      expect(matching.length).toBeGreaterThan(0);
    },
  );

  it('the schema rejects an unknown tier and missing parameters', () => {
    const claim = structuredClone(examples[0].doc);
    claim.spec.parameters.tier = 'huge';
    delete claim.spec.parameters.region;
    expect(validate(claim)).toBe(false);
    expect(
      validate.errors!.map(e => `${e.instancePath} ${e.keyword}`).sort(),
    ).toEqual(['/spec/parameters required', '/spec/parameters/tier enum']);
  });
});
