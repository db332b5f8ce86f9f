import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { GithubEntityProvider } from '@backstage/plugin-catalog-backend-module-github';
import {
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import {
  FakeGitHub,
  FakeGitHubRequest,
  generateFakeGitHubOrg,
} from '@internal/test-fakes';
import {
  GuardedEntityProvider,
  rateLimitWaitMs,
  runWithRetries,
} from './guardedRun';
import { refreshPageByPage } from './pagedDiscovery';

const token = 'ghs_guardedRunTestToken0123456789';

// GitHub's client sends at most one GraphQL request a second.
jest.setTimeout(60_000);

describe('rateLimitWaitMs', () => {
  const refused = (status: number, headers: Record<string, string>) =>
    Object.assign(new Error('refused'), { status, response: { headers } });

  it('reads how long GitHub asked the client to wait', () => {
    const now = Date.UTC(2026, 11, 6, 7, 0, 0);
    expect(rateLimitWaitMs(refused(429, { 'retry-after': '60' }), now)).toBe(
      60_000,
    );
    expect(rateLimitWaitMs(refused(403, { 'retry-after': '5' }), now)).toBe(
      5_000,
    );
    const reset = String(now / 1000 + 90);
    expect(
      rateLimitWaitMs(
        refused(403, {
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': reset,
        }),
        now,
      ),
    ).toBe(90_000);
    // a 403 that is not a rate limit, a 502, a network error: no wait asked
    expect(rateLimitWaitMs(refused(403, {}), now)).toBeUndefined();
    expect(rateLimitWaitMs(refused(502, { 'retry-after': '5' }), now)).toBe(
      undefined,
    );
    expect(rateLimitWaitMs(new Error('ECONNRESET'), now)).toBeUndefined();
  });
});

describe('runWithRetries', () => {
  const logger = mockServices.logger.mock();

  it('retries with doubling backoff and reports every failed attempt', async () => {
    const startedAt: number[] = [];
    const failures: string[] = [];
    await expect(
      runWithRetries(
        async (_signal, attempt) => {
          startedAt.push(Date.now());
          throw new Error(`boom ${attempt}`);
        },
        { attempts: 3, initialBackoffMs: 100, attemptTimeoutMs: 5_000 },
        logger,
        { onAttemptFailed: (e, a) => void failures.push(`${a}: ${e.message}`) },
      ),
    ).rejects.toThrow('boom 3');
    expect(failures).toEqual(['1: boom 1', '2: boom 2', '3: boom 3']);
    // 100 ms, then 200 ms
    expect(startedAt[1] - startedAt[0]).toBeGreaterThanOrEqual(100);
    expect(startedAt[2] - startedAt[1]).toBeGreaterThanOrEqual(200);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('attempt 2/3 failed (boom 2)'),
    );
  });

  it('waits as long as GitHub asked when an attempt ends on a rate limit', async () => {
    const startedAt: number[] = [];
    const warn = mockServices.logger.mock();
    await runWithRetries(
      async (_signal, attempt) => {
        startedAt.push(Date.now());
        if (attempt === 1) {
          // what octokit throws once its own retries are spent
          throw Object.assign(
            new Error('You have exceeded a secondary rate limit.'),
            { status: 429, response: { headers: { 'retry-after': '1' } } },
          );
        }
      },
      // our own backoff (20 ms) is far shorter than what GitHub asks
      { attempts: 3, initialBackoffMs: 20, attemptTimeoutMs: 5_000 },
      warn,
    );
    expect(startedAt).toHaveLength(2);
    expect(startedAt[1] - startedAt[0]).toBeGreaterThanOrEqual(1_000);
    expect(warn.warn).toHaveBeenCalledWith(
      expect.stringContaining('GitHub asked to wait 1 s'),
    );
  });

  it('stops at once when the run is aborted', async () => {
    const run = new AbortController();
    let attempts = 0;
    const result = runWithRetries(
      async signal => {
        attempts++;
        run.abort();
        signal.throwIfAborted();
      },
      { attempts: 5, initialBackoffMs: 60_000, attemptTimeoutMs: 60_000 },
      logger,
      { signal: run.signal },
    );
    await expect(result).rejects.toThrow(/abort/i);
    expect(attempts).toBe(1);
  });
});

function discoveryProvider(
  gh: FakeGitHub,
  logger: ReturnType<typeof mockServices.logger.mock>,
) {
  const [provider] = GithubEntityProvider.fromConfig(
    new ConfigReader({
      integrations: {
        github: [{ host: gh.host, apiBaseUrl: gh.apiBaseUrl, token }],
      },
      catalog: {
        providers: {
          github: {
            organization: gh.org.login,
            host: gh.host,
            catalogPath: '/catalog-info.yaml',
            // 10 repositories (4 + the fixtures) in 2 pages
            pageSizes: { repositories: 5 },
          },
        },
      },
    }),
    { logger, schedule: { run: async () => {} } },
  );
  return provider;
}

describe('a discovery attempt that runs out of time', () => {
  let gh: FakeGitHub;

  beforeEach(async () => {
    gh = await new FakeGitHub({
      org: generateFakeGitHubOrg({ repos: 4 }),
      token,
    }).start();
  });

  afterEach(() => gh.stop());

  it('is cancelled (its GitHub request aborted) before the next attempt starts', async () => {
    const logger = mockServices.logger.mock();
    const provider = discoveryProvider(gh, logger);
    // The first page request of the first attempt is answered, correctly,
    // only after 4 s: long after that attempt's 1.5 s deadline.
    gh.inject(
      { kind: 'slow', delayMs: 4_000 },
      r => r.operation === 'repositories',
    );

    const applied: { mutation: EntityProviderMutation; attempt: number }[] = [];
    let attemptInProgress = 0;
    const catalog: EntityProviderConnection = {
      applyMutation: async mutation => {
        applied.push({ mutation, attempt: attemptInProgress });
      },
      refresh: async () => {},
    };
    const guarded = new GuardedEntityProvider(provider, () => {});
    await guarded.connect(catalog);

    const attempts: { attempt: number; start: number; end?: number }[] = [];
    const failures: string[] = [];
    await runWithRetries(
      async (signal, attempt) => {
        const record: (typeof attempts)[number] = {
          attempt,
          start: Date.now(),
        };
        attempts.push(record);
        attemptInProgress = attempt;
        try {
          await guarded.attempt(signal, connection =>
            refreshPageByPage(provider, connection, logger, { signal }),
          );
        } finally {
          record.end = Date.now();
        }
      },
      { attempts: 3, initialBackoffMs: 50, attemptTimeoutMs: 1_500 },
      logger,
      { onAttemptFailed: (e, a) => void failures.push(`${a}: ${e.message}`) },
    );

    expect(failures).toEqual(['1: attempt 1 did not finish within 1500 ms']);
    expect(attempts.map(a => a.attempt)).toEqual([1, 2]);
    // The first attempt had stopped before the second one started.
    expect(attempts[0].end).toBeLessThanOrEqual(attempts[1].start);

    // What the stand-in saw: the slow request was given up by the client
    // (never answered), then the second attempt's two pages, one at a time.
    const pages = gh.requests.filter(r => r.operation === 'repositories');
    expect(
      pages.map(r => ({
        fault: r.fault,
        aborted: !!r.aborted,
        status: r.status,
      })),
    ).toEqual([
      { fault: 'slow', aborted: true, status: 0 },
      { fault: undefined, aborted: false, status: 200 },
      { fault: undefined, aborted: false, status: 200 },
    ]);
    expect(pages[0].closedAt! - attempts[0].start).toBeLessThan(4_000);
    const inFlightTogether = (a: FakeGitHubRequest, b: FakeGitHubRequest) =>
      a.receivedAt < b.closedAt! && b.receivedAt < a.closedAt!;
    for (const [i, a] of pages.entries()) {
      for (const b of pages.slice(i + 1)) {
        expect(inFlightTogether(a, b)).toBe(false);
      }
    }

    // Only the second attempt wrote to the catalog: its two pages, then the
    // full set of 9 (the archived repository is skipped).
    expect(
      applied.map(({ mutation, attempt }) => ({
        attempt,
        type: mutation.type,
        count:
          mutation.type === 'full'
            ? mutation.entities.length
            : mutation.added.length,
      })),
    ).toEqual([
      { attempt: 2, type: 'delta', count: 5 },
      { attempt: 2, type: 'delta', count: 4 },
      { attempt: 2, type: 'full', count: 9 },
    ]);
  });

  it('rides out a secondary rate limit (429) and completes the run', async () => {
    const logger = mockServices.logger.mock();
    const provider = discoveryProvider(gh, logger);
    gh.inject(
      { kind: 'secondaryRateLimit', retryAfterSeconds: 2 },
      r => r.operation === 'repositories',
    );
    const applied: EntityProviderMutation[] = [];
    const guarded = new GuardedEntityProvider(provider, () => {});
    await guarded.connect({
      applyMutation: async mutation => void applied.push(mutation),
      refresh: async () => {},
    });

    const failures: string[] = [];
    await runWithRetries(
      (signal, _attempt) =>
        guarded.attempt(signal, connection =>
          refreshPageByPage(provider, connection, logger, { signal }),
        ),
      { attempts: 3, initialBackoffMs: 50, attemptTimeoutMs: 30_000 },
      logger,
      { onAttemptFailed: (e, a) => void failures.push(`${a}: ${e.message}`) },
    );

    // GitHub's client (octokit) retries the refused page itself, within
    // the attempt; the run goes on from that page.
    expect(failures).toEqual([]);
    const pages = gh.requests.filter(r => r.operation === 'repositories');
    expect(pages.map(r => r.status)).toEqual([429, 200, 200]);
    const last = applied.at(-1);
    expect(last?.type).toBe('full');
    expect(last?.type === 'full' && last.entities).toHaveLength(9);
  });
});
