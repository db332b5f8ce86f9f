import { createMockDirectory } from '@backstage/backend-test-utils';
import Ajv from 'ajv';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { createActionContext } from '../__testUtils__/actionContext';
import { claimTypeFromXrd } from '@internal/backstage-plugin-crossplane-node/testUtils';
import { createCrossplaneClaimRenderAction } from './renderClaim';
import { orders, XRD_PATH } from './__testUtils__/setup';

describe('crossplane:claim:render', () => {
  const workspace = createMockDirectory();
  beforeEach(() => workspace.clear());

  const render = (input: Record<string, unknown>, isDryRun = false) => {
    const c = createActionContext({
      input: input as any,
      isDryRun,
      workspacePath: workspace.path,
    });
    return {
      ...c,
      result: createCrossplaneClaimRenderAction().handler(c.ctx as any),
    };
  };
  const read = (file: string) =>
    fs.readFileSync(path.join(workspace.path, file), 'utf8');

  it('writes a claim that the XRD schema accepts', async () => {
    const { result, outputs } = render(orders);
    await result;
    expect(outputs.path).toBe('crossplane/orders-db.yaml');
    const claim = yaml.parse(read('crossplane/orders-db.yaml'));
    expect(claim).toEqual({
      apiVersion: 'db.example.org/v1alpha1',
      kind: 'PostgreSQLDatabase',
      metadata: {
        name: 'orders-db',
        namespace: 'team-orders',
        labels: { 'backstage.io/kubernetes-id': 'orders-api' },
        annotations: { 'backstage.io/owner': 'group:default/team-orders' },
      },
      spec: {
        parameters: { storageGB: 20, tier: 'small', region: 'eu-west-1' },
        writeConnectionSecretToRef: { name: 'orders-db-conn' },
      },
    });
    const validate = new Ajv({ strict: false }).compile(
      claimTypeFromXrd(XRD_PATH).schema,
    );
    expect(validate(claim)).toBe(true);
    expect(outputs.connectionSecretName).toBe('orders-db-conn');
  });

  it('writes in dry-run too (only the workspace is touched) and is repeatable', async () => {
    await render({ ...orders, targetPath: 'deploy/db.yaml' }, true).result;
    const first = read('deploy/db.yaml');
    await render({ ...orders, targetPath: 'deploy/db.yaml' }).result;
    expect(read('deploy/db.yaml')).toBe(first);
  });

  it('refuses to overwrite a different file unless asked, leaving it unchanged', async () => {
    workspace.setContent({ 'crossplane/orders-db.yaml': '# hand-written\n' });
    await expect(render(orders).result).rejects.toThrow(
      'crossplane/orders-db.yaml already exists in the workspace with different content; refusing to overwrite it (set overwrite: true, or choose another targetPath). It was left unchanged.',
    );
    expect(read('crossplane/orders-db.yaml')).toBe('# hand-written\n');

    await render({ ...orders, overwrite: true }).result;
    expect(read('crossplane/orders-db.yaml')).toContain(
      'kind: PostgreSQLDatabase',
    );
  });

  it('refuses a target path outside the workspace', async () => {
    await expect(
      render({ ...orders, targetPath: '../outside.yaml' }).result,
    ).rejects.toThrow(/outside/i);
    expect(fs.existsSync(path.join(workspace.path, '..', 'outside.yaml'))).toBe(
      false,
    );
  });

  it('records the committed file in the Component of catalog-info.yaml, keeping the rest', async () => {
    const catalogInfo = [
      '# The service',
      'apiVersion: backstage.io/v1alpha1',
      'kind: Component',
      'metadata:',
      '  name: orders-api',
      '  annotations:',
      '    backstage.io/techdocs-ref: dir:.',
      'spec:',
      '  type: service',
      '---',
      'apiVersion: backstage.io/v1alpha1',
      'kind: API',
      'metadata:',
      '  name: orders-api',
      '',
    ].join('\n');
    workspace.setContent({ 'catalog-info.yaml': catalogInfo });
    await render({
      ...orders,
      targetPath: 'deploy/crossplane/database.yaml',
      catalogInfoPath: 'catalog-info.yaml',
    }).result;
    // twice: recorded once
    await render({
      ...orders,
      targetPath: 'deploy/crossplane/database.yaml',
      catalogInfoPath: 'catalog-info.yaml',
    }).result;
    const text = read('catalog-info.yaml');
    expect(text).toContain('# The service');
    const [component, api] = yaml.parseAllDocuments(text).map(d => d.toJS());
    expect(component.metadata.annotations).toEqual({
      'backstage.io/techdocs-ref': 'dir:.',
      'crossplane.io/committed-claims': 'deploy/crossplane/database.yaml',
    });
    expect(api.metadata).toEqual({ name: 'orders-api' });
  });

  it('refuses to record the file when the catalog file has no such Component', async () => {
    workspace.setContent({
      'catalog-info.yaml': 'kind: Component\nmetadata:\n  name: other\n',
    });
    await expect(
      render({ ...orders, catalogInfoPath: 'catalog-info.yaml' }).result,
    ).rejects.toThrow(
      'catalog-info.yaml has no Component named "orders-api"; cannot record the claim file in it',
    );
  });
});
