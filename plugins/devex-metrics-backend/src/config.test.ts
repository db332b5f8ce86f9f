import { mockServices } from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/types';
import { readDevexConfig } from './config';

const read = (scorecard: JsonObject) =>
  readDevexConfig(
    mockServices.rootConfig({ data: { devexMetrics: { scorecard } } }),
  );

describe('devexMetrics.scorecard.goldenPathVersion', () => {
  it('supports the latest major only by default', () => {
    expect(
      readDevexConfig(mockServices.rootConfig({ data: {} })).goldenPathVersion,
    ).toEqual({ supportedMajorVersionsBehind: 0 });
    expect(
      read({ goldenPathVersion: { supportedMajorVersionsBehind: 1 } })
        .goldenPathVersion,
    ).toEqual({ supportedMajorVersionsBehind: 1 });
  });

  it('stops the backend on a window that is not a whole number, naming the key', () => {
    for (const value of [-1, 1.5]) {
      expect(() =>
        read({ goldenPathVersion: { supportedMajorVersionsBehind: value } }),
      ).toThrow(
        `devexMetrics.scorecard.goldenPathVersion.supportedMajorVersionsBehind must be a whole number, 0 or more, got ${value}`,
      );
    }
  });

  it('is a check id the levels may name', () => {
    expect(
      read({
        levels: [{ name: 'gold', checks: ['golden-path-version'] }],
      }).levels,
    ).toEqual([{ name: 'gold', checks: ['golden-path-version'] }]);
  });
});
