import type { Clock, SessionRecord, SessionStore } from '../app/ports.ts';

/**
 * Sessions in this process's memory: a console restart signs everyone out, and replicas do not
 * share sessions (route a browser to one replica). SESSION_STORE=redis lifts both.
 */
export function createMemorySessionStore(clock: Clock): SessionStore {
  const sessions = new Map<string, { record: SessionRecord; expiresAtMs: number }>();
  // Forgotten on the next write: the map never holds more than the sessions of the last while.
  const prune = (now: number) => {
    for (const [id, entry] of sessions) if (entry.expiresAtMs <= now) sessions.delete(id);
  };
  return {
    put(record, expiresAtMs) {
      prune(clock());
      sessions.set(record.id, { record: { ...record }, expiresAtMs });
      return Promise.resolve();
    },
    get(id) {
      const entry = sessions.get(id);
      if (entry === undefined || entry.expiresAtMs <= clock()) return Promise.resolve(undefined);
      return Promise.resolve({ ...entry.record });
    },
    delete(id) {
      sessions.delete(id);
      return Promise.resolve();
    },
  };
}
