import { changesBetween, parseChangelog } from './changelog';

const CHANGELOG = `# Changelog

Intro text.

## 2.0.0 (2026-12-20)

- New base image.

## 1.3.0 (2026-12-06)

- Records itself.
- Second line.

## 1.2.0

- Base.
`;

describe('parseChangelog', () => {
  it('reads each version heading, its date and notes', () => {
    expect(parseChangelog(CHANGELOG)).toEqual([
      { version: '2.0.0', date: '2026-12-20', notes: '- New base image.' },
      {
        version: '1.3.0',
        date: '2026-12-06',
        notes: '- Records itself.\n- Second line.',
      },
      { version: '1.2.0', notes: '- Base.' },
    ]);
  });

  it('gives what a service on one version misses up to another, newest first', () => {
    const entries = parseChangelog(CHANGELOG);
    expect(
      changesBetween(entries, '1.2.0', '2.0.0').map(e => e.version),
    ).toEqual(['2.0.0', '1.3.0']);
    expect(changesBetween(entries, '1.3.0', '1.3.0')).toEqual([]);
    // 1.10.0 is after 1.9.0 (not a string comparison)
    expect(
      changesBetween(
        parseChangelog('## 1.10.0\nx\n## 1.9.0\ny\n'),
        '1.8.0',
        '1.10.0',
      ).map(e => e.version),
    ).toEqual(['1.10.0', '1.9.0']);
  });
});
