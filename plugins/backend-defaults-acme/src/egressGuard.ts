/*
 * Egress guard: refuses outgoing HTTP(S) connections from this process to
 * addresses that no backend code should reach, whatever URL or redirect led
 * there (classic SSRF: an allowed host answering 302 to the cloud metadata
 * service).
 *
 * Why: Backstage's GitHub URL reader (and others built on node-fetch) follow
 * redirects without checking the target, so a GitHub (Enterprise) host, or
 * anything posing as one, can send the reader to an internal address and the
 * answer ends up in a template's workspace (shown by
 * regression.postgres.test.ts). The generic reader (backend.reading.allow)
 * already re-checks every redirect; these readers do not.
 *
 * How: node-fetch and most Node HTTP clients use http.globalAgent /
 * https.globalAgent when given no agent. The guard wraps their
 * createConnection: an IP literal is checked directly, a host name through a
 * lookup that checks every address it resolves to (so DNS answers pointing
 * at internal addresses are caught at connect time, not earlier). Clients
 * with their own agent or dispatcher (global fetch/undici, the Kubernetes
 * client) are not covered; the generic URL reader uses global fetch and
 * checks redirects itself.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net, { BlockList, LookupFunction } from 'node:net';

/**
 * Refused unless `egressGuard.denyCidrs` says otherwise: link-local (cloud
 * metadata services live here) and other known metadata addresses. A backend
 * that gets cloud credentials from instance metadata through Node's global
 * agent (e.g. AWS IMDS) must set its own list without 169.254.0.0/16.
 */
export const DEFAULT_DENIED_CIDRS = [
  '169.254.0.0/16',
  'fe80::/10',
  'fd00:ec2::254/128',
  '100.100.100.200/32',
];

export class EgressRefusedError extends Error {
  readonly code = 'EGRESS_REFUSED';
  constructor(host: string, address: string) {
    super(
      `Outgoing connection to ${host}${
        host === address ? '' : ` (${address})`
      } refused by the egress guard (egressGuard.denyCidrs)`,
    );
    this.name = 'EgressRefusedError';
  }
}

export function createBlockList(cidrs: string[]): BlockList {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [address, bits] = cidr.split('/');
    const type = net.isIPv6(address) ? 'ipv6' : 'ipv4';
    if (!net.isIP(address)) {
      throw new Error(`egressGuard.denyCidrs: '${cidr}' is not an IP range`);
    }
    const prefix = Number(bits ?? (type === 'ipv6' ? 128 : 32));
    list.addSubnet(address, prefix, type);
  }
  return list;
}

export function isDenied(list: BlockList, address: string): boolean {
  const type = net.isIPv6(address) ? 'ipv6' : 'ipv4';
  return list.check(address, type);
}

const GUARDED = Symbol.for('acme.egressGuard');

/** Installs the guard on http.globalAgent and https.globalAgent (once). */
export function installEgressGuard(cidrs: string[] = DEFAULT_DENIED_CIDRS): {
  denied: string[];
} {
  const denied = [...new Set(cidrs)];
  const list = createBlockList(denied);

  const guardedLookup: LookupFunction = (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) {
        (callback as Function)(error);
        return;
      }
      const all = addresses as dns.LookupAddress[];
      const bad = all.find(a => isDenied(list, a.address));
      if (bad) {
        (callback as Function)(new EgressRefusedError(hostname, bad.address));
        return;
      }
      if ((options as dns.LookupOptions).all) {
        (callback as Function)(null, all);
      } else {
        (callback as Function)(null, all[0].address, all[0].family);
      }
    });
  };

  for (const agent of [http.globalAgent, https.globalAgent]) {
    const target = agent as unknown as Record<PropertyKey, unknown> & {
      createConnection: (options: any, callback?: any) => net.Socket;
    };
    if (target[GUARDED]) continue;
    const original = target.createConnection.bind(agent);
    target.createConnection = (options: any, callback?: any) => {
      const host = String(
        options.host ?? options.hostname ?? 'localhost',
      ).replace(/^\[|\]$/g, '');
      if (net.isIP(host) && isDenied(list, host)) {
        const socket = new net.Socket();
        process.nextTick(() =>
          socket.destroy(new EgressRefusedError(host, host)),
        );
        return socket;
      }
      return original({ ...options, lookup: guardedLookup }, callback);
    };
    target[GUARDED] = true;
  }
  return { denied };
}
