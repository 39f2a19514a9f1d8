/**
 * A bounded buffer: keeps the newest items within `maxItems` and `maxBytes` (as measured by `sizeOf`);
 * pushing past either limit drops the oldest. Memory stays bounded whatever a service prints.
 */
export class RingBuffer<T> {
  private items: (T | undefined)[];
  private head = 0;
  private count = 0;
  private bytes = 0;

  constructor(
    private readonly maxItems: number,
    private readonly maxBytes: number,
    private readonly sizeOf: (item: T) => number,
  ) {
    this.items = new Array<T | undefined>(maxItems);
  }

  get length(): number {
    return this.count;
  }

  get size(): number {
    return this.bytes;
  }

  push(item: T): void {
    if (this.count === this.maxItems) this.dropOldest();
    this.items[(this.head + this.count) % this.maxItems] = item;
    this.count++;
    this.bytes += this.sizeOf(item);
    while (this.bytes > this.maxBytes && this.count > 1) this.dropOldest();
  }

  private dropOldest(): void {
    const oldest = this.items[this.head];
    if (oldest !== undefined) this.bytes -= this.sizeOf(oldest);
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.maxItems;
    this.count--;
  }

  /** Items from oldest to newest. */
  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = 0; i < this.count; i++) yield this.items[(this.head + i) % this.maxItems] as T;
  }

  at(index: number): T | undefined {
    return index < 0 || index >= this.count ? undefined : this.items[(this.head + index) % this.maxItems];
  }

  toArray(): T[] {
    return [...this];
  }
}
