import { describe, expect, it } from 'vitest';
import { greeting, parseHealth } from './health';

describe('parseHealth', () => {
  it('accepts {status: "ok"}', () => {
    expect(parseHealth({ status: 'ok' })).toEqual({ status: 'ok' });
  });

  it('treats anything else as down', () => {
    expect(parseHealth({ status: 'degraded' })).toEqual({ status: 'down' });
    expect(parseHealth(null)).toEqual({ status: 'down' });
    expect(parseHealth('ok')).toEqual({ status: 'down' });
  });
});

describe('greeting', () => {
  it('names the app', () => {
    expect(greeting('shop')).toBe('Welcome to shop');
  });
});
