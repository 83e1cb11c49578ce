import { createServer } from 'node:net';
import { PortInUseError } from './stack-errors';

/** Fails before nats-server does, with a message that says what to do. */
export async function assertPortFree(port: number, address = '127.0.0.1'): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const srv = createServer();
    srv.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') {
        reject(new PortInUseError(`port ${port} on ${address} is in use (another stack or nats-server?); choose another with --port`));
      } else {
        reject(new PortInUseError(`cannot listen on ${address}:${port}: ${err.code ?? err.message}`));
      }
    });
    srv.listen({ port, host: address, exclusive: true }, () => srv.close(() => resolve()));
  });
}
