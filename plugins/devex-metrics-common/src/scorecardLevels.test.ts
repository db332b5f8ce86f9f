import { ConfigReader } from '@backstage/config';
import {
  DEFAULT_SCORECARD_LEVELS,
  readScorecardLevels,
} from './scorecardLevels';

const config = (levels?: unknown) =>
  new ConfigReader(
    levels === undefined ? {} : { devexMetrics: { scorecard: { levels } } },
  );

describe('readScorecardLevels', () => {
  it('gives the default levels when devexMetrics.scorecard.levels is not set', () => {
    expect(readScorecardLevels(config())).toEqual(DEFAULT_SCORECARD_LEVELS);
  });

  it('reads the configured levels, lowest first', () => {
    const levels = [
      { name: 'basic', checks: ['owner-is-group'] },
      { name: 'ready', checks: ['runbook', 'on-call'] },
    ];
    expect(readScorecardLevels(config(levels))).toEqual(levels);
  });

  it('stops on a check the scorecard does not know, naming the key', () => {
    expect(() =>
      readScorecardLevels(
        config([
          { name: 'basic', checks: ['owner-is-group'] },
          { name: 'ready', checks: ['uptime'] },
        ]),
      ),
    ).toThrow(
      "devexMetrics.scorecard.levels[1].checks: unknown check 'uptime'; known checks: owner-is-group, lifecycle",
    );
  });
});
