// Per-shard traffic and consumers' lag from /metrics (same origin, Prometheus text): the shard-level series exist
// while the stream's enhanced monitoring is on (EnableEnhancedMonitoring); MillisBehindLatest while an enhanced
// fan-out consumer is subscribed. Rates come from two samples' difference.
const SERIES = /^riffle_kinesis_(shard_[a-z_]+|subscribe_to_shard_event_millis_behind_latest)\{stream="([^"]*)",(shard|consumer)="([^"]*)"\} (\S+)$/;

/** One sample of the stream's series: {t, shards: {id: {name: value}}, consumers: {name: millisBehind}}. */
export async function sampleStream(name) {
  const text = await (await fetch('/metrics', { cache: 'no-store' })).text();
  const sample = { t: Date.now(), shards: {}, consumers: {} };
  for (const line of text.split('\n')) {
    const m = SERIES.exec(line);
    if (!m || m[2] !== name) continue;
    if (m[3] === 'consumer') sample.consumers[m[4]] = Number(m[5]);
    else (sample.shards[m[4]] ??= {})[m[1].replace(/^shard_/, '')] = Number(m[5]);
  }
  return sample;
}

/** A shard's counter per second between two samples (0 without an earlier one). */
export function perSecond(before, after, shardId, counter) {
  const a = before?.shards[shardId]?.[counter];
  const b = after.shards[shardId]?.[counter];
  if (a === undefined || b === undefined || after.t <= before.t) return 0;
  return Math.max(0, (b - a) * 1000 / (after.t - before.t));
}
