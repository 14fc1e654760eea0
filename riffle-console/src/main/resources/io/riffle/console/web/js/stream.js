// One stream: summary and settings, the shard map with split/merge, consumers, incoming rates, a put form, and what
// reads it (readers.js).
import { allShards, kinesis, streamArn, untilActive } from './kinesis.js';
import { isOpen, shardMap } from './shardmap.js';
import { readersSection } from './readers.js';
import { perSecond, sampleStream } from './shardstats.js';
import { attempt, every, formatRate, h, rates } from './ui.js';

export async function streamPage(view, name) {
  const arn = await streamArn(name);
  const summaryBox = h('div', { id: 'summary' });
  const mapBox = h('div', { class: 'shard-map', id: 'shard-map-box' });
  const shardTable = h('tbody');
  const consumersBox = h('div', { id: 'consumers' });
  const tagsBox = h('div', { id: 'tags' });
  const chartBox = h('div', { id: 'rates-chart' });
  const rateText = h('p', { class: 'muted', id: 'rates-text' });
  const readers = readersSection(name, arn);
  let shardIds = new Set();

  view.append(
    h('nav', { 'aria-label': 'breadcrumb' }, h('ul', {}, h('li', {}, h('a', { href: '#/streams', text: 'Streams' })),
      h('li', { text: name }))),
    h('div', { class: 'inline' }, h('h2', { text: name, id: 'stream-name' }),
      h('a', { href: `#/viewer/${encodeURIComponent(name)}`, role: 'button', id: 'open-viewer' }, 'Data viewer')),
    summaryBox,
    h('article', {}, h('h3', { text: 'Shards' }), mapBox,
      h('table', { class: 'striped', id: 'shards-table' }, h('thead', {}, h('tr', {},
        ['Shard', 'State', 'Parent', 'Adjacent parent', 'Hash keys from', 'to', 'In (records)', 'Out (records)',
          'Iterator age', 'Throttled (write / read)', ''].map(t => h('th', { text: t })))),
      shardTable)),
    h('div', { class: 'grid2' },
      h('article', {}, h('h3', { text: 'Put a record' }), putForm(name)),
      h('article', {}, h('h3', { text: 'Incoming' }), chartBox, rateText)),
    h('div', { class: 'grid2' },
      h('article', {}, h('h3', { text: 'Enhanced fan-out consumers' }), consumersBox),
      h('article', {}, h('h3', { text: 'Tags' }), tagsBox)),
    readers.element);

  async function refreshSummary() {
    const s = (await kinesis('DescribeStreamSummary', { StreamName: name })).StreamDescriptionSummary;
    const mode = s.StreamModeDetails?.StreamMode ?? 'PROVISIONED';
    const retention = h('input', { type: 'number', min: 24, max: 8760, value: s.RetentionPeriodHours, id: 'retention' });
    const shardCount = h('input', { type: 'number', min: 1, value: s.OpenShardCount, id: 'shard-count' });
    const monitored = (s.EnhancedMonitoring ?? []).flatMap(m => m.ShardLevelMetrics ?? []);
    summaryBox.replaceChildren(h('article', {},
      h('p', {}, h('span', { class: `status-${s.StreamStatus}`, id: 'stream-status', text: s.StreamStatus }),
        ` · ${mode} · ${s.OpenShardCount} open shards · ${s.RetentionPeriodHours} h retention · encryption `
        + `${s.EncryptionType === 'KMS' ? 'KMS' : 'none'} · ${s.ConsumerCount ?? 0} consumers · created `
        + new Date(s.StreamCreationTimestamp * 1000).toLocaleString()),
      h('p', { class: 'muted', text: s.StreamARN }),
      h('div', { class: 'inline' },
        h('label', {}, 'Retention (hours)', retention),
        h('button', { class: 'secondary', onclick: () => change(() => {
          const hours = Number(retention.value);
          return kinesis(hours > s.RetentionPeriodHours ? 'IncreaseStreamRetentionPeriod' : 'DecreaseStreamRetentionPeriod',
            { StreamName: name, RetentionPeriodHours: hours });
        }, 'Retention changed') }, 'Set retention'),
        mode === 'PROVISIONED' ? h('label', {}, 'Open shards', shardCount) : null,
        mode === 'PROVISIONED' ? h('button', { class: 'secondary', onclick: () => change(() => kinesis('UpdateShardCount',
          { StreamName: name, TargetShardCount: Number(shardCount.value), ScalingType: 'UNIFORM_SCALING' }),
        'Resharding') }, 'Update shard count') : null,
        h('button', { class: 'secondary', onclick: () => change(() => kinesis('UpdateStreamMode', { StreamARN: arn,
          StreamModeDetails: { StreamMode: mode === 'PROVISIONED' ? 'ON_DEMAND' : 'PROVISIONED' } }), 'Switching mode') },
        mode === 'PROVISIONED' ? 'Switch to on-demand' : 'Switch to provisioned'),
        h('button', { class: 'secondary', id: 'shard-metrics-toggle', 'data-on': monitored.length ? 'true' : 'false',
          onclick: () => change(() => kinesis(monitored.length ? 'DisableEnhancedMonitoring' : 'EnableEnhancedMonitoring',
            { StreamName: name, ShardLevelMetrics: ['ALL'] }), 'Shard-level metrics changed') },
        monitored.length ? 'Turn shard-level metrics off' : 'Turn shard-level metrics on'))));
  }

  async function change(action, message) {
    await attempt(action, message);
    await untilActive(name);
    await Promise.all([refreshSummary(), refreshShards()]);
  }

  async function refreshShards() {
    const shards = await allShards(name);
    shardIds = new Set(shards.map(s => s.ShardId));
    const open = shards.filter(isOpen).sort((a, b) =>
      BigInt(a.HashKeyRange.StartingHashKey) < BigInt(b.HashKeyRange.StartingHashKey) ? -1 : 1);
    mapBox.replaceChildren(shardMap(shards));
    shardTable.replaceChildren(...shards.map(s => {
      const i = open.indexOf(s);
      const right = i >= 0 ? open[i + 1] : undefined;
      const mid = (BigInt(s.HashKeyRange.StartingHashKey) + BigInt(s.HashKeyRange.EndingHashKey) + 1n) / 2n;
      return h('tr', { 'data-shard-id': s.ShardId },
        h('td', { text: s.ShardId }), h('td', { text: isOpen(s) ? 'open' : 'closed' }),
        h('td', { text: s.ParentShardId ?? '' }), h('td', { text: s.AdjacentParentShardId ?? '' }),
        h('td', { class: 'num', text: abbreviate(s.HashKeyRange.StartingHashKey) }),
        h('td', { class: 'num', text: abbreviate(s.HashKeyRange.EndingHashKey) }),
        h('td', { class: 'num shard-in' }), h('td', { class: 'num shard-out' }), h('td', { class: 'num shard-age' }),
        h('td', { class: 'num shard-throttled', title: 'Write/ReadProvisionedThroughputExceeded (shard level)' }),
        h('td', {}, isOpen(s) ? h('div', { class: 'inline' },
          h('button', { class: 'outline split', 'data-shard-id': s.ShardId, onclick: () => change(() => kinesis('SplitShard',
            { StreamName: name, ShardToSplit: s.ShardId, NewStartingHashKey: mid.toString() }), `Splitting ${s.ShardId}`) },
          'Split'),
          right ? h('button', { class: 'outline merge', 'data-shard-id': s.ShardId, onclick: () => change(() => kinesis(
            'MergeShards', { StreamName: name, ShardToMerge: s.ShardId, AdjacentShardToMerge: right.ShardId }),
          `Merging ${s.ShardId} and ${right.ShardId}`) }, 'Merge with next') : null) : null));
    }));
  }

  async function refreshConsumers() {
    const consumers = (await kinesis('ListStreamConsumers', { StreamARN: arn })).Consumers ?? [];
    consumersBox.replaceChildren(consumers.length
      ? h('table', {}, h('tbody', {}, consumers.map(c => h('tr', { 'data-consumer': c.ConsumerName },
        h('td', { text: c.ConsumerName }), h('td', { text: c.ConsumerStatus }),
        h('td', { text: new Date(c.ConsumerCreationTimestamp * 1000).toLocaleString() }),
        h('td', { class: 'consumer-behind', title: 'SubscribeToShardEvent.MillisBehindLatest' })))))
      : h('p', { class: 'muted', text: 'None registered.' }));
  }

  async function refreshTags() {
    const tags = (await kinesis('ListTagsForStream', { StreamName: name })).Tags ?? [];
    const key = h('input', { placeholder: 'key', id: 'tag-key' });
    const value = h('input', { placeholder: 'value', id: 'tag-value' });
    tagsBox.replaceChildren(
      h('table', {}, h('tbody', {}, tags.map(t => h('tr', {}, h('td', { text: t.Key }), h('td', { text: t.Value ?? '' }),
        h('td', {}, h('button', { class: 'outline secondary', onclick: async () => {
          await attempt(() => kinesis('RemoveTagsFromStream', { StreamName: name, TagKeys: [t.Key] }), 'Tag removed');
          refreshTags();
        } }, 'Remove')))))),
      h('form', { class: 'inline', onsubmit: async e => {
        e.preventDefault();
        await attempt(() => kinesis('AddTagsToStream', { StreamName: name, Tags: { [key.value]: value.value } }), 'Tagged');
        refreshTags();
      } }, key, value, h('button', { type: 'submit' }, 'Add tag')));
  }

  // per-shard traffic (enhanced monitoring) and enhanced fan-out consumers' lag, from /metrics
  let lastSample;
  async function refreshShardStats() {
    const sample = await sampleStream(name);
    for (const row of shardTable.querySelectorAll('tr[data-shard-id]')) {
      const id = row.dataset.shardId;
      const shard = sample.shards[id];
      const cell = (cls, text, total) => {
        const el = row.querySelector(cls);
        el.textContent = text;
        if (total !== undefined) el.dataset.total = total;
      };
      if (!shard) {
        ['.shard-in', '.shard-out', '.shard-age', '.shard-throttled'].forEach(c => cell(c, ''));
        continue;
      }
      cell('.shard-in', `${shard.incoming_records_total ?? 0} · ${formatRate(perSecond(lastSample, sample, id,
        'incoming_records_total'), '/s')}`, shard.incoming_records_total ?? 0);
      cell('.shard-out', `${shard.outgoing_records_total ?? 0} · ${formatRate(perSecond(lastSample, sample, id,
        'outgoing_records_total'), '/s')}`, shard.outgoing_records_total ?? 0);
      cell('.shard-age', shard.iterator_age_milliseconds === undefined ? '' : `${shard.iterator_age_milliseconds} ms`);
      const writes = shard.write_provisioned_throughput_exceeded_total ?? 0;
      const reads = shard.read_provisioned_throughput_exceeded_total ?? 0;
      cell('.shard-throttled', `${writes} / ${reads}`, writes + reads);
    }
    for (const row of consumersBox.querySelectorAll('tr[data-consumer]')) {
      const behind = sample.consumers[row.dataset.consumer];
      row.querySelector('.consumer-behind').textContent = behind === undefined ? '' : `${behind} ms behind`;
    }
    lastSample = sample;
  }

  let plot;
  async function refreshRates() {
    const r = (await rates())[name];
    if (!r) return;
    const data = [r.t.map(t => t / 1000), r.records, r.bytes];
    const last = r.records.length - 1;
    rateText.textContent = last < 0 ? '' : `now ${formatRate(r.records[last], 'records/s')}, ${formatRate(r.bytes[last], 'B/s')}`;
    if (!plot) {
      plot = new uPlot({ width: Math.max(300, chartBox.clientWidth || 500), height: 160,
        series: [{}, { label: 'records/s', stroke: '#3c8dbc', scale: 'records' },
          { label: 'bytes/s', stroke: '#e07b39', scale: 'bytes' }],
        axes: [{}, { scale: 'records' }, { scale: 'bytes', side: 1, grid: { show: false } }] }, data, chartBox);
    } else {
      plot.setData(data);
    }
  }

  await Promise.all([refreshSummary(), refreshShards(), refreshConsumers(), refreshTags()]);
  await Promise.all([refreshRates(), readers.refresh(shardIds)]);
  every(1000, refreshRates);
  every(10000, refreshConsumers);
  every(5000, () => readers.refresh(shardIds));
  await refreshShardStats();
  every(2000, refreshShardStats);
}

function abbreviate(n) {
  return n.length > 12 ? `${n.slice(0, 6)}…e${n.length - 1}` : n;
}

export function putForm(name) {
  const key = h('input', { id: 'put-key', placeholder: 'partition key', required: true });
  const data = h('textarea', { id: 'put-data', placeholder: 'record body (UTF-8 text or JSON)', rows: 3 });
  const result = h('p', { class: 'muted', id: 'put-result' });
  return h('form', { id: 'put-form', onsubmit: async e => {
    e.preventDefault();
    const bytes = new TextEncoder().encode(data.value);
    const r = await attempt(() => kinesis('PutRecord', { StreamName: name, PartitionKey: key.value,
      Data: btoa(String.fromCharCode(...bytes)) }));
    result.textContent = `Stored in ${r.ShardId} at ${r.SequenceNumber}`;
  } }, key, data, h('button', { type: 'submit', id: 'put-button' }, 'Put record'), result);
}
