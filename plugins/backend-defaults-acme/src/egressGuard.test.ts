import http, { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import {
  createBlockList,
  DEFAULT_DENIED_CIDRS,
  installEgressGuard,
  isDenied,
} from './egressGuard';

const get = (url: string, agent?: http.Agent) =>
  new Promise<string>((resolve, reject) => {
    http
      .get(url, { agent }, res => {
        let body = '';
        res.on('data', d => (body += d));
        res.on('end', () => resolve(body));
      })
      .on('error', reject);
  });

describe('egress guard', () => {
  const servers: Server[] = [];
  const serve = async (host: string) => {
    const server = createServer((_req, res) => res.end(`hello from ${host}`));
    servers.push(server);
    await new Promise<void>(r => server.listen(0, host, () => r()));
    return (server.address() as AddressInfo).port;
  };

  afterAll(async () => {
    await Promise.all(servers.map(s => new Promise(r => s.close(r))));
  });

  it('matches link-local and metadata addresses, IPv4-mapped included', () => {
    const list = createBlockList(['169.254.0.0/16', 'fd00:ec2::254/128']);
    expect(isDenied(list, '169.254.169.254')).toBe(true);
    expect(isDenied(list, '::ffff:169.254.169.254')).toBe(true);
    expect(isDenied(list, 'fd00:ec2::254')).toBe(true);
    expect(isDenied(list, '10.0.0.1')).toBe(false);
    expect(() => createBlockList(['not-an-ip/8'])).toThrow(
      /egressGuard.denyCidrs: 'not-an-ip\/8' is not an IP range/,
    );
  });

  it('refuses connections to denied addresses, by IP and by host name, and lets others through', async () => {
    const allowedPort = await serve('127.0.0.1');
    const deniedPort = await serve('127.0.0.5');
    // before: reachable (own agent, so no pooled socket is left behind)
    await expect(
      get(`http://127.0.0.5:${deniedPort}/`, new http.Agent()),
    ).resolves.toBe('hello from 127.0.0.5');
    const { denied } = installEgressGuard([
      ...DEFAULT_DENIED_CIDRS,
      '127.0.0.5/32',
    ]);
    expect(denied).toEqual(
      expect.arrayContaining(['169.254.0.0/16', '127.0.0.5/32']),
    );
    await expect(get(`http://127.0.0.5:${deniedPort}/`)).rejects.toThrow(
      /127\.0\.0\.5 refused by the egress guard/,
    );
    await expect(
      get('http://169.254.169.254/latest/meta-data/'),
    ).rejects.toThrow(/refused by the egress guard/);
    await expect(get(`http://127.0.0.1:${allowedPort}/`)).resolves.toBe(
      'hello from 127.0.0.1',
    );
    // a host name is checked on what it resolves to
    await expect(get(`http://localhost:${allowedPort}/`)).resolves.toBe(
      'hello from 127.0.0.1',
    );
    installEgressGuard(['127.0.0.0/8']); // already installed: not stacked
    await expect(get(`http://127.0.0.1:${allowedPort}/`)).resolves.toBe(
      'hello from 127.0.0.1',
    );
  });
});
