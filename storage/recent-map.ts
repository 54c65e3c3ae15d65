/** A map that keeps the `capacity` most recently written keys: what a process remembers to skip a read, bounded. */
export class RecentMap<K, V> {
  private readonly entries = new Map<K, V>();

  /** Keeps at most `capacity` keys (the least recently written is forgotten first). */
  constructor(private readonly capacity: number) {}

  /** The value last written for `key`, if still remembered. */
  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  /** Remembers `value` for `key`, as the most recent. */
  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as K);
  }

  /** Forgets `key`. */
  delete(key: K): void {
    this.entries.delete(key);
  }
}
