import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePorts } from './free-port.ts';

describe('freePorts', () => {
  it('picks distinct ports below the ephemeral range that a service can bind', async () => {
    const ports = await freePorts(20);
    expect(new Set(ports).size).toBe(20);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(20_000);
      expect(port).toBeLessThan(27_000);
    }
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(ports[0], '127.0.0.1', resolve));
    await new Promise((resolve) => server.close(resolve));
  });
});
