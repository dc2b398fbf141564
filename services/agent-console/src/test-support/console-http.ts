import type { SessionView } from '../domain/console-model.ts';

/** A signed-in API caller over real HTTP: the session cookie and CSRF token of one sign-in. */
export interface ApiCaller {
  session: SessionView;
  get(path: string): Promise<Response>;
  post(path: string, body: unknown, options?: { csrf?: boolean }): Promise<Response>;
  cookie: string;
}

export function signInRequest(url: string, token: string): Promise<Response> {
  return fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });
}

export async function signInOverHttp(url: string, token: string): Promise<ApiCaller> {
  const response = await signInRequest(url, token);
  if (!response.ok) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const session = (await response.json()) as SessionView;
  return {
    session,
    cookie,
    get: (path) => fetch(`${url}${path}`, { headers: { cookie } }),
    post: (path, body, options = {}) =>
      fetch(`${url}${path}`, {
        method: 'POST',
        headers: {
          cookie,
          'content-type': 'application/json',
          ...(options.csrf === false ? {} : { 'x-csrf-token': session.csrfToken }),
        },
        body: JSON.stringify(body),
      }),
  };
}

export interface SseEvent {
  event: string;
  data: unknown;
}

/** Reads /api/events as a list that grows while the stream is open (`onEvent` sees each as it arrives). */
export async function openEventStream(
  url: string,
  cookie: string,
  onEvent: (event: SseEvent) => void = () => undefined,
): Promise<{ events: SseEvent[]; close(): void }> {
  const controller = new AbortController();
  const response = await fetch(`${url}/api/events`, {
    headers: { cookie },
    signal: controller.signal,
  });
  if (!response.ok || !response.body) throw new Error(`events: ${response.status}`);
  const events: SseEvent[] = [];
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (!event || !data) continue;
        const parsed = { event, data: JSON.parse(data) as unknown };
        events.push(parsed);
        onEvent(parsed);
      }
    }
  })();
  return { events, close: () => controller.abort() };
}
