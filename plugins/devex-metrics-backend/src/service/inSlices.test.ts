import { mapInSlices } from './inSlices';

describe('mapInSlices', () => {
  it('maps like Array.map, in order, with the index', async () => {
    const items = Array.from({ length: 1001 }, (_, i) => i);
    expect(await mapInSlices(items, (x, i) => `${x}:${i}`)).toEqual(
      items.map((x, i) => `${x}:${i}`),
    );
    expect(await mapInSlices([], x => x)).toEqual([]);
  });

  it('lets other work run before the whole list is mapped', async () => {
    const items = Array.from({ length: 2000 }, (_, i) => i);
    let mapped = 0;
    let mappedWhenOtherWorkRan: number | undefined;
    setImmediate(() => {
      mappedWhenOtherWorkRan = mapped;
    });
    await mapInSlices(items, x => {
      mapped++;
      return x;
    });
    // A plain map would have finished all 2000 before the callback ran.
    expect(mappedWhenOtherWorkRan).toBeGreaterThan(0);
    expect(mappedWhenOtherWorkRan).toBeLessThan(items.length);
  });
});
