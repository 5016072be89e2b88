/**
 * A block's attributes by canonical key: what `Map` offers the readers
 * (get, has, values, size) over one small array. Blocks hold one to a few
 * attributes, where a scan of the array is as fast as a hash lookup, and a
 * `Map` costs about 200 bytes even when empty — one per block was 15 MB of
 * the 100k-line file's analysis (issue 13, "no Map per block").
 */
export class AttributeTable<V extends { key: string }> {
  private readonly entries: V[] = [];

  get size(): number {
    return this.entries.length;
  }

  get(key: string): V | undefined {
    const entries = this.entries;
    for (let i = 0; i < entries.length; i++) if (entries[i].key === key) return entries[i];
    return undefined;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Replaces the attribute of the same key in its place (the last one written wins, in first-written order, as a Map does). */
  set(attribute: V): void {
    const entries = this.entries;
    for (let i = 0; i < entries.length; i++) {
      if (entries[i].key === attribute.key) {
        entries[i] = attribute;
        return;
      }
    }
    entries.push(attribute);
  }

  /** In first-written order. */
  values(): readonly V[] {
    return this.entries;
  }
}
