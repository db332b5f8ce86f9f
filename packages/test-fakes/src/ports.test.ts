import { connect, createServer } from 'node:net';
import { findFreePort } from './ports';

describe('findFreePort', () => {
  it('gives a port where nothing listens, and that a server can then take', async () => {
    const port = await findFreePort();
    const refused = await new Promise<string>(resolve => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.once('error', (error: NodeJS.ErrnoException) =>
        resolve(error.code ?? 'error'),
      );
    });
    expect(refused).toBe('ECONNREFUSED');

    const server = createServer();
    await new Promise<void>(resolve =>
      server.listen(port, '127.0.0.1', resolve),
    );
    expect(server.address()).toMatchObject({ port });
    await new Promise(resolve => server.close(resolve));
  });
});
