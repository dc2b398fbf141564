import type { Session, SessionStore } from '../app/ports.ts';

/**
 * Sessions in this process's memory: a console restart signs everyone out, and replicas do not
 * share sessions (route a browser to one replica). A Redis store would lift both.
 */
export function createMemorySessionStore(): SessionStore {
  const sessions = new Map<string, Session>();
  return {
    put: (session) => void sessions.set(session.id, session),
    get: (id) => sessions.get(id),
    delete: (id) => {
      const session = sessions.get(id);
      sessions.delete(id);
      return session;
    },
    all: () => sessions.values(),
    get size() {
      return sessions.size;
    },
  };
}
