/** A set that forgets its oldest members beyond `capacity`, so memory stays flat under load. */
export class BoundedSet<T> {
  private readonly members = new Set<T>();

  public constructor(private readonly capacity: number) {}

  public add(value: T): void {
    if (this.members.has(value)) return;
    this.members.add(value);
    if (this.members.size > this.capacity) {
      const oldest = this.members.values().next().value as T;
      this.members.delete(oldest);
    }
  }

  public has(value: T): boolean {
    return this.members.has(value);
  }

  public get size(): number {
    return this.members.size;
  }

  public clear(): void {
    this.members.clear();
  }
}
