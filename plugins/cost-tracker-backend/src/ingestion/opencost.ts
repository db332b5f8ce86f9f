import { z } from 'zod/v3';
import { CostCategory } from '@internal/backstage-plugin-cost-tracker-common';
import { CostRow, UnallocatedRow } from '../types';
import { EntityIndex } from './EntityIndex';

const money = z.number().finite().optional().default(0);

/** The fields of an OpenCost allocation this plugin reads. */
const allocationSchema = z
  .object({
    name: z.string(),
    start: z.string(),
    end: z.string(),
    cpuCost: money,
    gpuCost: money,
    ramCost: money,
    pvCost: money,
    networkCost: money,
    loadBalancerCost: money,
    totalCost: money,
  })
  .passthrough();

/** `GET /allocation/compute`: one set of allocations per step. */
const responseSchema = z.object({
  code: z.number(),
  message: z.string().optional(),
  data: z.array(z.record(allocationSchema).nullable()),
});

/** An OpenCost allocation, as returned by `/allocation/compute`. */
export type OpenCostAllocation = z.infer<typeof allocationSchema>;

/**
 * Fetches daily allocations for a window of UTC days from the OpenCost
 * allocation API (`/allocation/compute`, `step=1d`, not accumulated).
 *
 * @param from - first day, `YYYY-MM-DD`
 * @param to - last day (inclusive), `YYYY-MM-DD`
 */
export async function fetchAllocations(options: {
  baseUrl: string;
  aggregate: string;
  from: string;
  to: string;
  timeoutMs?: number;
}): Promise<OpenCostAllocation[]> {
  const end = new Date(Date.parse(`${options.to}T00:00:00Z`) + 86400000);
  const window = `${options.from}T00:00:00Z,${end
    .toISOString()
    .replace('.000Z', 'Z')}`;
  const url = new URL(
    `${options.baseUrl.replace(/\/+$/, '')}/allocation/compute`,
  );
  url.searchParams.set('window', window);
  url.searchParams.set('aggregate', options.aggregate);
  url.searchParams.set('step', '1d');
  url.searchParams.set('accumulate', 'false');

  let response: Response;
  try {
    response = await fetch(url, {
      headers: { Accept: 'application/json' },
      signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } })
      .cause;
    throw new Error(
      `OpenCost at ${url.origin} is unreachable: ${
        cause?.code ?? cause?.message ?? String(error)
      }`,
    );
  }
  const body = await response.text();
  if (!response.ok) {
    throw new Error(
      `OpenCost answered ${response.status} ${response.statusText} for ${
        url.pathname
      }: ${body.slice(0, 200)}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new Error(`OpenCost answered with something that is not JSON`);
  }
  const parsed = responseSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(
      `OpenCost answered with an unexpected shape: ${parsed.error.issues
        .slice(0, 3)
        .map(i => `${i.path.join('.')}: ${i.message}`)
        .join('; ')}`,
    );
  }
  if (parsed.data.code !== 200) {
    throw new Error(
      `OpenCost answered code ${parsed.data.code}: ${
        parsed.data.message ?? ''
      }`,
    );
  }
  return parsed.data.data.flatMap(set => (set ? Object.values(set) : []));
}

/** The cost categories of one allocation; `other` is whatever total is left. */
export function categorize(
  a: OpenCostAllocation,
): Array<[CostCategory, number]> {
  const compute = a.cpuCost + a.gpuCost + a.ramCost;
  const storage = a.pvCost;
  const network = a.networkCost + a.loadBalancerCost;
  const other = a.totalCost - compute - storage - network;
  return [
    ['compute', compute],
    ['storage', storage],
    ['network', network],
    // totalCost includes adjustments and shared/external costs.
    ['other', Math.abs(other) < 1e-9 ? 0 : other],
  ];
}

/**
 * Maps allocations to daily rows of catalog entities. Idle, unallocated and
 * unclaimed allocations are returned separately, as names for the report and
 * as daily unallocated rows so the organisation's total still adds up.
 */
export function allocationsToRows(options: {
  allocations: OpenCostAllocation[];
  aggregate: string;
  index: EntityIndex;
}): {
  rows: CostRow[];
  unallocated: { names: string[]; amount: number; rows: UnallocatedRow[] };
} {
  const kind = options.aggregate === 'namespace' ? 'namespace' : 'label';
  const sums = new Map<string, CostRow>();
  const unallocatedNames = new Set<string>();
  const unallocatedRows = new Map<string, UnallocatedRow>();
  let unallocatedAmount = 0;
  for (const allocation of options.allocations) {
    const target = options.index.forAllocation(kind, allocation.name);
    const day = new Date(allocation.start).toISOString().slice(0, 10);
    if ('error' in target) {
      unallocatedNames.add(allocation.name);
      unallocatedAmount += allocation.totalCost;
      const key = `${kind} '${allocation.name}'`;
      for (const [category, amount] of categorize(allocation)) {
        if (amount === 0) {
          continue;
        }
        const k = `${key}|${day}|${category}`;
        const row = unallocatedRows.get(k) ?? {
          key,
          reason: target.error,
          day,
          category,
          source: 'opencost',
          amount: 0,
        };
        row.amount += amount;
        unallocatedRows.set(k, row);
      }
      continue;
    }
    for (const [category, amount] of categorize(allocation)) {
      if (amount === 0) {
        continue;
      }
      const key = `${target.entityRef}|${day}|${category}`;
      const row = sums.get(key) ?? {
        entityRef: target.entityRef,
        day,
        category,
        source: 'opencost',
        amount: 0,
      };
      row.amount += amount;
      sums.set(key, row);
    }
  }
  return {
    rows: [...sums.values()],
    unallocated: {
      names: [...unallocatedNames].sort(),
      amount: unallocatedAmount,
      rows: [...unallocatedRows.values()],
    },
  };
}
