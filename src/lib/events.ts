/**
 * An event one domain emits and others hear, inside the emitter's transaction (the listeners
 * receive it among their arguments): domains meet here instead of importing each other.
 */
export interface DomainEvent<A extends unknown[]> {
  /** Hear the event (listeners register when their module loads). */
  on(listener: (...args: A) => Promise<void>): void;
  /** Call every listener in turn, awaiting each. */
  emit(...args: A): Promise<void>;
}

export function domainEvent<A extends unknown[]>(): DomainEvent<A> {
  const listeners: Array<(...args: A) => Promise<void>> = [];
  return {
    on: (listener) => {
      listeners.push(listener);
    },
    emit: async (...args) => {
      for (const listener of listeners) {
        await listener(...args);
      }
    },
  };
}
