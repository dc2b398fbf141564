import { useEffect, useRef, useState } from 'react';
import type { CaseEvent } from './api-client.ts';

export type LiveState = 'connecting' | 'connected' | 'reconnecting';

/**
 * Case changes pushed by the console (Server-Sent Events). EventSource reconnects by itself
 * when the console restarts; the server watches case-service again when that restarts.
 */
export function useCaseEvents(
  onChange: (event: CaseEvent) => void,
  onSignedOut: () => void,
): LiveState {
  const [state, setState] = useState<LiveState>('connecting');
  // The latest handlers, read when an event arrives: one stream for the page's life.
  const handlers = useRef({ onChange, onSignedOut });
  handlers.current = { onChange, onSignedOut };
  useEffect(() => {
    const source = new EventSource('/api/events');
    source.addEventListener('ready', () => setState('connected'));
    source.addEventListener('reconnecting', () => setState('reconnecting'));
    source.addEventListener('case', (message) => {
      handlers.current.onChange(JSON.parse((message as MessageEvent<string>).data) as CaseEvent);
    });
    source.addEventListener('signed-out', () => {
      source.close();
      handlers.current.onSignedOut();
    });
    source.onerror = () => setState('reconnecting');
    return () => source.close();
  }, []);
  return state;
}
