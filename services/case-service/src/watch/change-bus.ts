import type { CaseChange } from '../domain/case-model.ts';

export interface ChangeSubscriber {
  onChange(change: CaseChange): void;
  /** The feed broke (listener reconnecting): changes may have been missed, so the watcher must re-list. */
  onInterrupted(reason: string): void;
  /** The service is shutting down. */
  onClose(): void;
}

/** Fans committed case changes out to the live watchers of this process. */
export class ChangeBus {
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
