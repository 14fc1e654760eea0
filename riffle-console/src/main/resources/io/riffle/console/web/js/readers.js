// What reads a stream, through each service's own API on the same port: Firehose delivery streams whose source it is
// (their destination, buffering and the failure Firehose reports), Lambda event source mappings on it (state and last
// result) and KCL applications (a DynamoDB lease table whose leases are this stream's shards: which worker holds
// which shard, and its checkpoint).
import { answer, awsJson } from './kinesis.js';
import { h } from './ui.js';
import { destinationOf, failureOf, firehose } from './firehose.js';

const dynamodb = (op, body) => awsJson('dynamodb', `DynamoDB_20120810.${op}`, 'application/x-amz-json-1.0', body);

function table(id, headings, rows, empty) {
  return rows.length
    ? h('table', { id, class: 'striped' }, h('thead', {}, h('tr', {}, headings.map(t => h('th', { text: t })))),
      h('tbody', {}, rows))
    : h('p', { id, class: 'muted', text: empty });
}

function failed(box, what, e) {
  box.replaceChildren(h('p', { class: 'muted', text: `${what}: ${e.message}` }));
}

async function deliveryStreams(arn) {
  const names = (await firehose('ListDeliveryStreams', { Limit: 100 })).DeliveryStreamNames ?? [];
  const described = await Promise.all(names.map(n => firehose('DescribeDeliveryStream', { DeliveryStreamName: n })
    .then(d => d.DeliveryStreamDescription)));
  return described.filter(d => d.Source?.KinesisStreamSourceDescription?.KinesisStreamARN === arn).map(d => {
    const { kind, config } = destinationOf(d);
    const hints = config.BufferingHints ?? {};
    return h('tr', { 'data-delivery-stream': d.DeliveryStreamName },
      h('td', {}, h('a', { href: `#/delivery-stream/${encodeURIComponent(d.DeliveryStreamName)}`, text: d.DeliveryStreamName })),
      h('td', { class: `status-${d.DeliveryStreamStatus}`, text: d.DeliveryStreamStatus }),
      h('td', { text: kind }),
      h('td', { text: `${hints.SizeInMBs ?? '?'} MB or ${hints.IntervalInSeconds ?? '?'} s` }),
      h('td', { class: 'delivery-failure', text: failureOf(d) }));
  });
}

async function triggers(arn) {
  const res = await fetch(`/2015-03-31/event-source-mappings/?EventSourceArn=${encodeURIComponent(arn)}`);
  const mappings = (await answer(res)).EventSourceMappings ?? [];
  return mappings.map(m => h('tr', { 'data-trigger': m.UUID },
    h('td', { text: m.FunctionArn.split(':function:').pop() }), h('td', { class: 'trigger-state', text: m.State }),
    h('td', { class: 'trigger-result', text: m.LastProcessingResult ?? '' }),
    h('td', { text: `${m.BatchSize ?? ''} from ${m.StartingPosition ?? ''}` }),
    h('td', { text: m.LastModified ? new Date(m.LastModified * 1000).toLocaleString() : '' })));
}

/** A checkpoint against the shard's newest sequence number. */
function progress(checkpoint, newest) {
  if (checkpoint === 'SHARD_END') return 'finished';
  if (!/^\d+$/.test(checkpoint ?? '')) return newest ? 'not started' : 'no records yet';
  if (!newest || BigInt(checkpoint) >= BigInt(newest)) return 'caught up';
  return 'behind';
}

/** Every lease of every table that looks like a KCL lease table, for this stream's shards. */
async function kclLeases(name, shardIds) {
  const tables = (await dynamodb('ListTables', {})).TableNames ?? [];
  const latest = tables.length ? (await answer(await fetch(`api/latest?stream=${encodeURIComponent(name)}`))).shards : {};
  const rows = [];
  for (const table of tables) {
    const items = (await dynamodb('Scan', { TableName: table, Limit: 1000 })).Items ?? [];
    for (const item of items) {
      const key = item.leaseKey?.S;
      if (!key || !('checkpoint' in item || 'leaseOwner' in item)) continue;
      // single-stream applications key leases by shard id; multi-stream ones by account:stream:creation:shard
      const parts = key.split(':');
      const shard = parts.pop();
      if (!shardIds.has(shard) || (parts.length && parts[1] !== name)) continue;
      rows.push(h('tr', { 'data-lease': `${table}/${shard}` },
        h('td', { text: table }), h('td', { text: shard }),
        h('td', { class: 'lease-owner', text: item.leaseOwner?.S ?? 'not held' }),
        h('td', { class: 'lease-checkpoint', text: item.checkpoint?.S ?? '' }),
        h('td', { class: 'lease-progress', title: latest[shard] ? `newest record ${latest[shard]}` : '',
          text: progress(item.checkpoint?.S, latest[shard]) }),
        h('td', { class: 'num', text: item.leaseCounter?.N ?? '' })));
    }
  }
  return rows;
}

/** The section and its refresh: three tables, each failing on its own (a denied service says so in its box). */
export function readersSection(name, arn) {
  const firehoseBox = h('div', { id: 'delivery-streams' });
  const triggersBox = h('div', { id: 'triggers' });
  const kclBox = h('div', { id: 'kcl-applications' });
  const element = h('article', { id: 'readers' }, h('h3', { text: 'Reading this stream' }),
    h('h4', { text: 'KCL applications (lease tables)' }), kclBox,
    h('h4', { text: 'Triggers (event source mappings)' }), triggersBox,
    h('h4', { text: 'Firehose delivery streams' }), firehoseBox);
  async function refresh(shardIds) {
    await Promise.all([
      kclLeases(name, shardIds).then(rows => kclBox.replaceChildren(table('kcl-table',
        ['Application (table)', 'Shard', 'Worker', 'Checkpoint', 'vs newest record', 'Lease counter'], rows, 'No KCL lease table reads it.')))
        .catch(e => failed(kclBox, 'DynamoDB', e)),
      triggers(arn).then(rows => triggersBox.replaceChildren(table('triggers-table',
        ['Function', 'State', 'Last result', 'Batch', 'Modified'], rows, 'No event source mapping reads it.')))
        .catch(e => failed(triggersBox, 'Lambda', e)),
      deliveryStreams(arn).then(rows => firehoseBox.replaceChildren(table('delivery-table',
        ['Delivery stream', 'Status', 'Destination', 'Buffer', 'Failure'], rows, 'No delivery stream reads it.')))
        .catch(e => failed(firehoseBox, 'Firehose', e)),
    ]);
  }
  return { element, refresh };
}
