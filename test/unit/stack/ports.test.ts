/** findFreePort: a port below the kernel's ephemeral range that binds, so outgoing connections cannot take it first. */
import net from 'node:net';
import fs from 'node:fs';
import { findFreePort } from '../../../scripts/lib/ports';

function ephemeralLow(): number {
  try {
    return Number(fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
  } catch {
    return 32_768;
  }
}

it('picks ports below the ephemeral range that can be bound', async () => {
  const low = ephemeralLow();
  for (let i = 0; i < 20; i += 1) {
    const port = await findFreePort();
    expect(port).toBeLessThan(low);
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
