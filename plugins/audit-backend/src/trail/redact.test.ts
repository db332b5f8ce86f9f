import { ConfigReader } from '@backstage/config';
import type { RootConfigService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { isSecretKey, Redactor, trackConfigSecrets } from './redact';

describe('Redactor', () => {
  it('knows secret-looking keys', () => {
    for (const key of [
      'password',
      'dbPassword',
      'db_passwd',
      'token',
      'githubToken',
      'client_secret',
      'apiKey',
      'api-key',
      'privateKey',
      'sshKey',
      'key',
      'credentials',
      'Authorization',
    ]) {
      expect({ key, secret: isSecretKey(key) }).toEqual({ key, secret: true });
    }
    for (const key of [
      'name',
      'templateRef',
      'entityRef',
      'owner',
      'keyspace',
    ]) {
      expect({ key, secret: isSecretKey(key) }).toEqual({ key, secret: false });
    }
  });

  it('redacts values under secret keys at any depth and known secret values anywhere', () => {
    const redactor = new Redactor(['s3cr3t-config-value', 'ab']);
    expect(
      redactor.redactValue({
        name: 'payments',
        dbPassword: 'hunter2',
        nested: [
          { token: { any: 'thing' } },
          'uses s3cr3t-config-value twice: s3cr3t-config-value',
        ],
        count: 3,
        empty: null,
        short: 'ab stays (too short to be treated as a secret)',
      }),
    ).toEqual({
      name: 'payments',
      dbPassword: '[REDACTED]',
      nested: [{ token: '[REDACTED]' }, 'uses [REDACTED] twice: [REDACTED]'],
      count: 3,
      empty: null,
      short: 'ab stays (too short to be treated as a secret)',
    });
  });

  it('redacts secret query parameters and secret values in URLs', () => {
    const redactor = new Redactor(['config-secret-1']);
    expect(
      redactor.redactUrl('/api/x?token=abc&name=y&q=config-secret-1'),
    ).toBe('/api/x?token=%5BREDACTED%5D&name=y&q=[REDACTED]');
    expect(redactor.redactUrl('/api/config-secret-1/x')).toBe(
      '/api/[REDACTED]/x',
    );
  });

  it('takes new secret values when config changes, and survives cycles', () => {
    const redactor = new Redactor([]);
    expect(redactor.redactString('rotated-secret')).toBe('rotated-secret');
    redactor.setSecretValues(['rotated-secret']);
    expect(redactor.redactString('rotated-secret')).toBe('[REDACTED]');
    const cyclic: Record<string, unknown> = { a: 'x' };
    cyclic.self = cyclic;
    expect(redactor.redactValue(cyclic)).toEqual({
      a: 'x',
      self: '[Circular]',
    });
  });
});

describe('trackConfigSecrets', () => {
  /** A root config whose values can be replaced, telling its subscribers. */
  function changingConfig(data: object) {
    let current = new ConfigReader(data);
    const subscribers: (() => void)[] = [];
    const config = {
      getString: (key: string) => current.getString(key),
      subscribe: (onChange: () => void) => {
        subscribers.push(onChange);
        return { unsubscribe: () => {} };
      },
    } as unknown as RootConfigService;
    const change = (next: object) => {
      current = new ConfigReader(next);
      subscribers.forEach(s => s());
    };
    return { config, change };
  }

  it('redacts the values of a changed config, with a schema loaded for each enumeration and not kept', async () => {
    const { config, change } = changingConfig({ token: 'first-secret' });
    const redactor = new Redactor();
    let loads = 0;
    const loadEnumerator = async () => {
      loads += 1;
      return (c: typeof config) => [c.getString('token')];
    };
    await trackConfigSecrets({
      config,
      redactor,
      loadEnumerator,
      logger: mockServices.logger.mock(),
    });
    expect(redactor.redactString('first-secret')).toBe('[REDACTED]');
    expect(loads).toBe(1);

    change({ token: 'rotated-secret' });
    await new Promise<void>(resolve => {
      const poll = () =>
        redactor.redactString('rotated-secret') === '[REDACTED]'
          ? resolve()
          : setImmediate(poll);
      poll();
    });
    expect(redactor.redactString('first-secret')).toBe('first-secret');
    expect(loads).toBe(2);
  });

  it('keeps the previous values when the changed config cannot be enumerated', async () => {
    const { config, change } = changingConfig({ token: 'first-secret' });
    const redactor = new Redactor();
    const logger = mockServices.logger.mock();
    let fail = false;
    await trackConfigSecrets({
      config,
      redactor,
      loadEnumerator: async () => {
        if (fail) throw new Error('schema of plugin x is invalid');
        return (c: typeof config) => [c.getString('token')];
      },
      logger,
    });
    fail = true;
    change({ token: 'rotated-secret' });
    await new Promise<void>(resolve => {
      const poll = () =>
        (logger.error as jest.Mock).mock.calls.length > 0
          ? resolve()
          : setImmediate(poll);
      poll();
    });
    expect(redactor.redactString('first-secret')).toBe('[REDACTED]');
    expect((logger.error as jest.Mock).mock.calls[0][0]).toContain(
      'schema of plugin x is invalid',
    );
  });
});
