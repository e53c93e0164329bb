import { describe, expect, it } from "vitest";
import { trimOldest } from "../src/lib/bounded-map";

describe("trimOldest", () => {
  const filled = (n: number) => new Map(Array.from({ length: n }, (_, i) => [`k${i}`, i]));

  it("lets a map grow an eighth past its bound, then drops the oldest down to the bound, keeping the newest in order", () => {
    const map = filled(1_125);
    trimOldest(map, 1_000);
    expect(map.size).toBe(1_125);
    map.set("k1125", 1_125);
    trimOldest(map, 1_000);
    expect(map.size).toBe(1_000);
    expect([...map.keys()][0]).toBe("k126");
    expect([...map.keys()].at(-1)).toBe("k1125");
  });

  it("drops just the excess from a small map (least recently used first)", () => {
    const map = filled(3);
    map.delete("k0");
    map.set("k0", 0); // used again: now the newest
    trimOldest(map, 2);
    expect([...map.keys()]).toEqual(["k2", "k0"]);
  });

  it("keeps nothing with a bound of 0", () => {
    const map = filled(5);
    trimOldest(map, 0);
    expect(map.size).toBe(0);
  });

  it("keeps at least the bound's newest entries and at most an eighth more over many inserts", () => {
    const map = new Map<number, number>();
    let largest = 0;
    for (let i = 0; i < 50_000; i++) {
      map.set(i, i);
      trimOldest(map, 10_000);
      largest = Math.max(largest, map.size);
      if (i >= 10_000) expect(map.has(i - 9_999)).toBe(true);
    }
    expect(largest).toBe(11_250);
    expect(map.size).toBeGreaterThanOrEqual(10_000);
    expect(map.has(30_000)).toBe(false);
  });
});
