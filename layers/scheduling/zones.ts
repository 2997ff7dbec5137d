import { IANAZone, Zone, type ZoneOffsetFormat, type ZoneOffsetOptions } from 'luxon';

/**
 * Time zones cached per container. Luxon asks `Intl.DateTimeFormat#formatToParts` for a zone's offset
 * on every DateTime it builds (the top frame of the list-week profile, see docs/performance.md), and
 * `IANAZone.isValidZone` builds a new `Intl.DateTimeFormat` per call. A zone's offset only changes at
 * its transitions, so `CachedZone` remembers it per UTC quarter-hour: a quarter-hour is cached only when
 * the offset at its first and last millisecond agree (no transition inside it); otherwise every instant
 * in it is asked of the real zone. Results are therefore exactly luxon's.
 *
 * Use `zoneOf(name)` wherever a zone name is handed to luxon (`{ zone: zoneOf(timeZone) }`).
 */
const BUCKET_MS = 15 * 60_000;
const MAX_BUCKETS_PER_ZONE = 20_000;
const MAX_ZONES = 1_000;

export class CachedZone extends Zone {
  private readonly offsets = new Map<number, number>();

  constructor(private readonly inner: IANAZone) {
    super();
  }

  override get type(): string {
    return this.inner.type;
  }
  override get name(): string {
    return this.inner.name;
  }
  get ianaName(): string {
    return this.inner.name;
  }
  override get isUniversal(): boolean {
    return false;
  }
  override get isValid(): boolean {
    return this.inner.isValid;
  }
  override offsetName(ts: number, options: ZoneOffsetOptions): string | null {
    return this.inner.offsetName(ts, options);
  }
  override formatOffset(ts: number, format: ZoneOffsetFormat): string {
    return this.inner.formatOffset(ts, format);
  }
  override equals(other: Zone): boolean {
    return other.type === 'iana' && other.name === this.name;
  }

  override offset(ts: number): number {
    if (!Number.isFinite(ts)) return this.inner.offset(ts);
    const bucket = Math.floor(ts / BUCKET_MS);
    const known = this.offsets.get(bucket);
    if (known !== undefined) return known;
    const first = this.inner.offset(bucket * BUCKET_MS);
    const last = this.inner.offset((bucket + 1) * BUCKET_MS - 1);
    if (first !== last) return this.inner.offset(ts);
    if (this.offsets.size >= MAX_BUCKETS_PER_ZONE) this.offsets.clear();
    this.offsets.set(bucket, first);
    return first;
  }
}

const zones = new Map<string, CachedZone | null>();

function lookup(name: string): CachedZone | null {
  let zone = zones.get(name);
  if (zone === undefined) {
    zone = IANAZone.isValidZone(name) ? new CachedZone(IANAZone.create(name)) : null;
    if (zones.size >= MAX_ZONES) zones.clear();
    zones.set(name, zone);
  }
  return zone;
}

/** Whether `name` is a zone of the IANA database (remembered per name). */
export const isValidZone = (name: string): boolean => lookup(name) !== null;

/**
 * Names luxon itself turns into a fixed-offset zone ("UTC", "utc+3", "GMT"): they need no cache, and as
 * luxon's own zone they keep its formatting (`Z` rather than `+00:00` for UTC).
 */
const FIXED_OFFSET = /^(utc|gmt)([+-]\d{1,2}(:?\d{2})?)?$/i;

/**
 * The cached zone for an IANA name. An unknown name is returned as is, so luxon reports it the way it
 * always has (an invalid DateTime), and callers that validated the name never see the difference.
 */
export const zoneOf = (name: string): Zone | string =>
  FIXED_OFFSET.test(name) ? name : (lookup(name) ?? name);
