import path from 'node:path';
import { portalPlaceholderResolver, textPlaceholderResolver } from './module';

const catalogDir = path.resolve(__dirname, '../../../catalog');
const apiFile = path.join(catalogDir, 'apis/payments-api/catalog-info.yaml');

function params(value: unknown, baseUrl: string) {
  return {
    key: 'text',
    value: value as any,
    baseUrl,
    read: jest.fn(async (url: string) => Buffer.from(`content of ${url}`)),
    resolveUrl: jest.fn((url: string, base: string) =>
      new URL(url, base).toString(),
    ),
    emit: jest.fn(),
  };
}

describe('catalog $text placeholder for file locations', () => {
  it('reads a relative file next to a file-location entity', async () => {
    const p = params('./openapi.yaml', apiFile);
    const text = await textPlaceholderResolver(p);
    expect(text).toMatch(/^openapi: 3\.0\.3$/m);
    expect(text).toContain('title: Payments API');
    expect(p.read).not.toHaveBeenCalled();
  });

  it('refuses to read outside the entity folder', async () => {
    await expect(
      textPlaceholderResolver(params('../../org/users.yaml', apiFile)),
    ).rejects.toThrow(/may only reference files in the folder of/);
  });

  it('reports a missing file with its path', async () => {
    await expect(
      textPlaceholderResolver(params('./nope.yaml', apiFile)),
    ).rejects.toThrow(
      `could not read file ${path.join(path.dirname(apiFile), 'nope.yaml')}`,
    );
  });

  it('keeps the built-in behaviour for URL locations', async () => {
    const p = params(
      './openapi.yaml',
      'https://github.com/acme-commerce/payment-service/blob/main/catalog-info.yaml',
    );
    await expect(textPlaceholderResolver(p)).resolves.toBe(
      'content of https://github.com/acme-commerce/payment-service/blob/main/openapi.yaml',
    );
    expect(p.emit).toHaveBeenCalledWith(
      expect.objectContaining({
        type: 'refresh',
        key: 'url:https://github.com/acme-commerce/payment-service/blob/main/openapi.yaml',
      }),
    );
  });

  it('rejects non-string values', async () => {
    await expect(
      textPlaceholderResolver(params({ a: 1 }, apiFile)),
    ).rejects.toThrow(/expected a string/);
  });
});

describe('catalog $portal placeholder', () => {
  it('makes a page of the portal an absolute link on app.baseUrl', () => {
    expect(
      portalPlaceholderResolver(
        'https://portal.acme.example/',
        '/docs/default/component/payment-service/runbook/',
      ),
    ).toBe(
      'https://portal.acme.example/docs/default/component/payment-service/runbook/',
    );
    expect(portalPlaceholderResolver('http://localhost:7007', '/catalog')).toBe(
      'http://localhost:7007/catalog',
    );
  });

  it('refuses anything but a path of the portal', () => {
    expect(() =>
      portalPlaceholderResolver(
        'http://localhost:7007',
        'https://evil.example/',
      ),
    ).toThrow(/expected a path of the portal starting with "\/"/);
    expect(() =>
      portalPlaceholderResolver('http://localhost:7007', 42),
    ).toThrow(/got 42/);
  });
});
