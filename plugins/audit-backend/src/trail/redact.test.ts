import { isSecretKey, Redactor } from './redact';

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
