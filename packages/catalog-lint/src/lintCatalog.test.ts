/*
 * The catalog of this repository (catalog/) passes every check, and the
 * "detects broken catalogs" block proves the checks fail by running them on
 * a mutated copy of it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { flattenNav } from './checks/components';
import { entityLabel } from './entityRefs';
import { countMinimums, lintCatalog } from './lintCatalog';
import { ROOT_FILE } from './loadCatalog';

const CATALOG_DIR = path.resolve(__dirname, '../../../catalog');

describe('catalog/ (Acme Commerce software catalog)', () => {
  let result: Awaited<ReturnType<typeof lintCatalog>>;

  beforeAll(async () => {
    result = await lintCatalog(CATALOG_DIR);
  });

  it('loads all.yaml, follows every Location target and parses every YAML document', () => {
    expect(result.load.errors).toEqual([]);
    expect(result.load.files[0]).toBe(ROOT_FILE);
    expect(result.load.files.length).toBeGreaterThan(10);
  });

  it('has every entity file listed in all.yaml', () => {
    expect(result.errors.unlisted).toEqual([]);
  });

  it('passes the catalog entity policies and built-in kind validators', () => {
    expect(result.errors.entities).toEqual([]);
  });

  it('has no dangling or wrongly-typed entity references', () => {
    expect(result.errors.refs).toEqual([]);
  });

  it('has a consistent org: one root, parent/children agree, teams and roles have members', () => {
    expect(result.errors.org).toEqual([]);
  });

  it('has a valid OpenAPI 3 document behind every API', () => {
    expect(result.errors.apis).toEqual([]);
  });

  it('gives every component on-call annotations, links and TechDocs with a runbook', () => {
    expect(result.errors.components).toEqual([]);
  });

  it('has coherent relations (one provider per API, every resource used)', () => {
    expect(result.errors.relations).toEqual([]);
  });

  it('meets the minimum org size', () => {
    const counts = countMinimums(result.load.entities);
    expect(counts.domains).toBeGreaterThanOrEqual(1);
    expect(counts.systems).toBeGreaterThanOrEqual(2);
    expect(counts.teams).toBeGreaterThanOrEqual(4);
    expect(counts.components).toBeGreaterThanOrEqual(6);
    expect(counts.apis).toBeGreaterThanOrEqual(4);
    expect(counts.resources).toBeGreaterThanOrEqual(3);
    expect(counts.users).toBeGreaterThanOrEqual(8);
  });

  it('contains the entities the demos and other parts of the portal rely on', () => {
    const refs = new Set(
      result.load.entities.map(le => entityLabel(le.entity).toLowerCase()),
    );
    for (const ref of [
      'group:default/acme',
      'group:default/platform',
      'group:default/developers',
      'group:default/platform-admins',
      'domain:default/commerce',
      'system:default/checkout',
      'system:default/payments',
      'component:default/payment-service',
      'component:default/fraud-detection',
      'api:default/payments-api',
      'resource:default/postgres-payments',
    ]) {
      expect(refs).toContain(ref);
    }
    // The UI test opens payment-service's docs: index title + "Runbook" nav entry.
    const dir = path.join(CATALOG_DIR, 'components/payment-service');
    const mkdocs = parseYaml(
      fs.readFileSync(path.join(dir, 'mkdocs.yml'), 'utf8'),
    );
    expect(flattenNav(mkdocs.nav)).toContainEqual(['Runbook', 'runbook.md']);
    expect(fs.readFileSync(path.join(dir, 'docs/index.md'), 'utf8')).toMatch(
      /^# Payment Service$/m,
    );
  });
});

describe('catalog checks detect broken catalogs', () => {
  let tmp: string;

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'acme-catalog-'));
    fs.cpSync(CATALOG_DIR, tmp, { recursive: true });
  });

  afterEach(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  function edit(file: string, from: string | RegExp, to: string) {
    const abs = path.join(tmp, file);
    const before = fs.readFileSync(abs, 'utf8');
    const after = before.replace(from, to);
    if (after === before)
      throw new Error(`test setup: ${from} not found in ${file}`);
    fs.writeFileSync(abs, after);
  }

  it('reports a dangling owner with the file name', async () => {
    edit(
      'components/payment-service/catalog-info.yaml',
      'owner: group:default/team-payments',
      'owner: group:default/team-nobody',
    );
    const { errors } = await lintCatalog(tmp);
    expect(errors.refs).toEqual([
      'components/payment-service/catalog-info.yaml: Component:default/payment-service spec.owner "group:default/team-nobody" does not resolve: no group:default/team-nobody in catalog/',
    ]);
  });

  it('reports a reference to the wrong kind and a dangling dependsOn', async () => {
    edit(
      'components/order-service/catalog-info.yaml',
      'system: system:default/checkout',
      'system: domain:default/commerce',
    );
    edit(
      'components/order-service/catalog-info.yaml',
      'resource:default/postgres-orders',
      'resource:default/postgres-missing',
    );
    const { errors } = await lintCatalog(tmp);
    expect(errors.refs).toEqual([
      'components/order-service/catalog-info.yaml: Component:default/order-service spec.system "domain:default/commerce" must point to System, not domain',
      'components/order-service/catalog-info.yaml: Component:default/order-service spec.dependsOn "resource:default/postgres-missing" does not resolve: no resource:default/postgres-missing in catalog/',
    ]);
  });

  it('reports YAML syntax errors with the file name', async () => {
    edit(
      'systems/payments.yaml',
      'kind: System',
      'kind: System\n  bad: [unclosed',
    );
    const { errors } = await lintCatalog(tmp);
    expect(errors.load.length).toBeGreaterThan(0);
    expect(
      errors.load.every(e =>
        e.startsWith('systems/payments.yaml (document 1): YAML error'),
      ),
    ).toBe(true);
  });

  it('reports schema violations and unknown root fields', async () => {
    edit(
      'components/cart-service/catalog-info.yaml',
      / {2}lifecycle: production\n/,
      '',
    );
    // a classic mistake: owner at the root instead of under spec
    edit(
      'apis/fraud-api/catalog-info.yaml',
      'kind: API',
      'kind: API\nowner: team-fraud',
    );
    const { errors } = await lintCatalog(tmp);
    expect(errors.entities).toHaveLength(2);
    expect(errors.entities[0]).toMatch(
      /^apis\/fraud-api\/catalog-info\.yaml: API:default\/fraud-api is invalid: .*must NOT have additional properties/,
    );
    expect(errors.entities[1]).toMatch(
      /^components\/cart-service\/catalog-info\.yaml: Component:default\/cart-service is invalid: .*lifecycle/,
    );
  });

  it('reports inconsistent group hierarchy and memberless teams', async () => {
    edit(
      'org/groups.yaml',
      /children:\n {4}- platform-admins\n/,
      'children: []\n',
    );
    edit('org/users.yaml', / {4}- team-fraud\n/g, '    - team-payments\n');
    const { errors } = await lintCatalog(tmp);
    expect(errors.org).toEqual([
      'org/groups.yaml: Group:default/team-fraud (type team) has no members',
      'org/groups.yaml: Group:default/platform-admins has spec.parent platform but org/groups.yaml does not list it in spec.children',
    ]);
  });

  it('reports missing runbooks, on-call annotations and broken OpenAPI files', async () => {
    fs.rmSync(path.join(tmp, 'components/fraud-detection/docs/runbook.md'));
    edit(
      'components/ledger-service/catalog-info.yaml',
      / {4}pagerduty\.com\/service-id: .*\n/,
      '',
    );
    edit('apis/cart-api/openapi.yaml', 'openapi: 3.0.3', 'swagger: "2.0"');
    edit(
      'apis/orders-api/openapi.yaml',
      "$ref: '#/components/schemas/OrderStatus'",
      "$ref: '#/components/schemas/OrderState'",
    );
    const { errors } = await lintCatalog(tmp);
    expect(errors.components).toEqual([
      'components/fraud-detection/mkdocs.yml: nav page runbook.md does not exist in docs/',
      'components/fraud-detection/docs/runbook.md: missing or empty',
      'components/ledger-service/catalog-info.yaml: Component:default/ledger-service is missing annotation pagerduty.com/service-id',
    ]);
    expect(errors.apis).toEqual([
      'apis/orders-api/openapi.yaml: $ref #/components/schemas/OrderState does not resolve',
      'apis/cart-api/openapi.yaml: "openapi" must be a 3.x.y version string, got undefined',
    ]);
  });

  it('reports runbook links outside the portal and links to real hosts', async () => {
    edit(
      'components/cart-service/catalog-info.yaml',
      /url:\n {8}\$portal: \/docs\/default\/component\/cart-service\/runbook\//,
      'url: https://github.com/acme-commerce/cart-service/blob/main/docs/runbook.md',
    );
    const { errors } = await lintCatalog(tmp);
    expect(errors.components).toEqual([
      'components/cart-service/catalog-info.yaml: Component:default/cart-service Runbook link must be the TechDocs page { $portal: /docs/default/component/cart-service/runbook/ }',
      'components/cart-service/catalog-info.yaml: Component:default/cart-service link "Runbook" points to https://github.com/acme-commerce/cart-service/blob/main/docs/runbook.md: use a portal page ({ $portal: /path }) or an .example host',
    ]);
  });

  it('reports placeholder PagerDuty service ids and integration keys', async () => {
    edit(
      'components/payment-service/catalog-info.yaml',
      'pagerduty.com/service-id: PPAYSVC',
      'pagerduty.com/service-id: PD-PAYMENT-SERVICE-PLACEHOLDER\n    pagerduty.com/integration-key: pd-payment-service-placeholder',
    );
    const { errors } = await lintCatalog(tmp);
    expect(errors.components).toEqual([
      'components/payment-service/catalog-info.yaml: Component:default/payment-service pagerduty.com/service-id must be a PagerDuty service id (e.g. PPAYSVC), got PD-PAYMENT-SERVICE-PLACEHOLDER',
      'components/payment-service/catalog-info.yaml: Component:default/payment-service must not carry pagerduty.com/integration-key (a secret for sending events; the portal does not need it)',
    ]);
  });

  it('reports entity files missing from all.yaml and targets that do not exist', async () => {
    edit(
      'all.yaml',
      '    - ./components/support-console/catalog-info.yaml\n',
      '    - ./components/no-such-thing/catalog-info.yaml\n',
    );
    const { errors } = await lintCatalog(tmp);
    expect(errors.load).toEqual([
      'all.yaml: target components/no-such-thing/catalog-info.yaml does not exist',
    ]);
    expect(errors.unlisted).toEqual([
      'components/support-console/catalog-info.yaml: not reachable from all.yaml (add it to spec.targets)',
    ]);
  });
});
