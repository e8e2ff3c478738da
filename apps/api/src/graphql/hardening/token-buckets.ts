export type Take = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * One token bucket per key (a user, an address): `perMinute` requests a minute, in bursts of up to
 * `perMinute`. Memory is bounded: past `maxKeys`, buckets that have refilled are forgotten first
 * (forgetting a full bucket changes nothing), then the oldest.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly capacity: number;
  private readonly perMs: number;

  constructor(
    perMinute: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 100_000,
  ) {
    this.capacity = perMinute;
    this.perMs = perMinute / 60_000;
  }

  take(key: string): Take {
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (bucket) {
      bucket.tokens = Math.min(this.capacity, bucket.tokens + (now - bucket.updatedAt) * this.perMs);
      bucket.updatedAt = now;
    } else {
      bucket = { tokens: this.capacity, updatedAt: now };
      this.remember(key, bucket, now);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000)) };
  }

  get size(): number {
    return this.buckets.size;
  }

  private remember(key: string, bucket: Bucket, now: number): void {
    if (this.buckets.size >= this.maxKeys) {
      for (const [k, b] of this.buckets) {
        if (b.tokens + (now - b.updatedAt) * this.perMs >= this.capacity) this.buckets.delete(k);
      }
      // Down to nine tenths, so that a flood of new keys does not sweep on every request.
      for (const k of this.buckets.keys()) {
        if (this.buckets.size < this.maxKeys * 0.9) break;
        this.buckets.delete(k);
      }
    }
    this.buckets.set(key, bucket);
  }
}
