import type { CaseChange } from '../domain/case-model.ts';
import type { ChangeFeed, ChangeSubscriber } from './ports.ts';

/**
 * Fans committed case changes out to the live watchers of this process; the change listener
 * feeds it, WatchCases subscribes.
 */
export class ChangeBus implements ChangeFeed {
  private readonly subscribers = new Set<ChangeSubscriber>();

  get size(): number {
    return this.subscribers.size;
  }

  subscribe(subscriber: ChangeSubscriber): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  publish(change: CaseChange): void {
    for (const subscriber of this.subscribers) subscriber.onChange(change);
  }

  interrupt(reason: string): void {
    for (const subscriber of [...this.subscribers]) subscriber.onInterrupted(reason);
    this.subscribers.clear();
  }

  closeAll(): void {
    for (const subscriber of [...this.subscribers]) subscriber.onClose();
    this.subscribers.clear();
  }
}
