/*
 * Backstage's root HTTP router, with responses to callers on this machine
 * left uncompressed.
 *
 * Plugins call each other through http://localhost:7007 (the discovery
 * service's internal URL), and their HTTP clients ask for gzip. Compressing
 * a response that never leaves the host only costs CPU on both ends: while
 * the catalog ingested 20,000 entities, gzip of the catalog's answers to the
 * search collator and DevEx was 3.9 s of the backend's main thread
 * (scripts/bench-side-by-side.sh with BENCH_PROFILE), on a machine where
 * ingestion is CPU-bound. A request from a loopback address without
 * X-Forwarded-For (so not relayed by a proxy on the same host) is answered
 * uncompressed; everything else is Backstage's default, compression included.
 */
import { rootHttpRouterServiceFactory } from '@backstage/backend-defaults/rootHttpRouter';
import type { IncomingMessage, ServerResponse } from 'node:http';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** A caller on this host that no proxy relayed. */
function isLocalCaller(req: IncomingMessage): boolean {
  return (
    LOOPBACK.has(req.socket.remoteAddress ?? '') &&
    req.headers['x-forwarded-for'] === undefined
  );
}

/**
 * Drops Accept-Encoding from local callers' requests, so that the
 * compression middleware that follows answers them as it answers a client
 * that asked for no encoding.
 */
export function identityEncodingForLocalCallers(
  req: IncomingMessage,
  _res: ServerResponse,
  next: () => void,
): void {
  if (isLocalCaller(req)) {
    delete req.headers['accept-encoding'];
  }
  next();
}

export const loopbackUncompressedRootHttpRouterServiceFactory =
  rootHttpRouterServiceFactory({
    configure({ app, applyDefaults }) {
      app.use(identityEncodingForLocalCallers);
      applyDefaults();
    },
  });
