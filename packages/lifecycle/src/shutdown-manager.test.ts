import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { ShutdownManager } from './shutdown-manager.ts';

const logger = pino({ level: 'silent' });

describe('ShutdownManager', () => {
  it('runs handlers in order once and exits 0', async () => {
    const exit = vi.fn();
    const manager = new ShutdownManager({ logger, graceMs: 1_000, exit });
    const order: string[] = [];
    manager.register('consumer', () => Promise.resolve(void order.push('consumer')));
    manager.register('clients', () => Promise.resolve(void order.push('clients')));

    const [first, second] = await Promise.all([
      manager.shutdown('SIGTERM'),
      manager.shutdown('SIGTERM'),
    ]);
    expect(order).toEqual(['consumer', 'clients']);
    expect(first).toBe(0);
    expect(second).toBe(0);
    expect(exit).toHaveBeenCalledTimes(1);
    expect(exit).toHaveBeenCalledWith(0);
  });

  it('keeps going after a failed handler and exits 1', async () => {
    const exit = vi.fn();
    const manager = new ShutdownManager({ logger, graceMs: 1_000, exit });
    const ran: string[] = [];
    manager.register('broken', () => Promise.reject(new Error('nope')));
    manager.register('after', () => Promise.resolve(void ran.push('after')));
    expect(await manager.shutdown('SIGTERM')).toBe(1);
    expect(ran).toEqual(['after']);
  });

  it('gives up after the grace period', async () => {
    vi.useFakeTimers();
    try {
      const exit = vi.fn();
      const manager = new ShutdownManager({ logger, graceMs: 500, exit });
      manager.register('stuck', () => new Promise(() => undefined));
      const code = manager.shutdown('SIGTERM');
      await vi.advanceTimersByTimeAsync(501);
      expect(await code).toBe(1);
      expect(exit).toHaveBeenCalledWith(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
