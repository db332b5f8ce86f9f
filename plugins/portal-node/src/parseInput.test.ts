import { InputError } from '@backstage/errors';
import { z } from 'zod';
import { z as z3 } from 'zod/v3';
import { parseInput } from './parseInput';

describe('parseInput', () => {
  const window = z
    .object({
      from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'not a day'),
      limit: z.coerce.number().int().max(100, 'at most 100').default(10),
      tags: z.array(z.string().min(1, 'empty tag')).optional(),
    })
    .refine(w => w.from >= '2020-01-01', 'starts before 2020');

  it('returns the schema output for valid input', () => {
    expect(parseInput(window, { from: '2026-12-01', limit: '5' })).toEqual({
      from: '2026-12-01',
      limit: 5,
    });
  });

  it('lists every issue in one InputError, nested paths joined by dots', () => {
    const parse = () =>
      parseInput(window, { from: 'yesterday', limit: 500, tags: ['a', ''] });
    expect(parse).toThrow(InputError);
    expect(parse).toThrow(
      'from: not a day; limit: at most 100; tags.1: empty tag',
    );
  });

  it('names an issue about the whole input by its fallback name', () => {
    expect(() => parseInput(window, { from: '2019-12-31' })).toThrow(
      new InputError('body: starts before 2020'),
    );
    expect(() =>
      parseInput(window, { from: '2019-12-31' }, { what: 'query' }),
    ).toThrow(new InputError('query: starts before 2020'));
  });

  it('puts the expected shape before the issues', () => {
    expect(() =>
      parseInput(
        window,
        { from: '2019-12-31' },
        { expected: '{ from, limit?, tags? }' },
      ),
    ).toThrow('Expected { from, limit?, tags? }: body: starts before 2020');
  });

  it('takes zod/v3 schemas too', () => {
    const v3 = z3.object({ name: z3.string().min(1, 'name is required') });
    expect(parseInput(v3, { name: 'orders-api' })).toEqual({
      name: 'orders-api',
    });
    expect(() => parseInput(v3, { name: '' })).toThrow(
      new InputError('name: name is required'),
    );
  });
});
