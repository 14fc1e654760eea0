// Firehose delivery streams: the list (#/delivery-streams) and one stream (#/delivery-stream/NAME): its configuration
// and failure through Firehose's API, and, through the console's own api/delivery-status (Firehose's API has
// neither), its buffer fill against the buffering hints and its last deliveries, refreshed each second.
import { answer, awsJson } from './kinesis.js';
import { every, h } from './ui.js';

export const firehose = (op, body) => awsJson('firehose', `Firehose_20150804.${op}`, 'application/x-amz-json-1.1', body);

/** The destination description of a delivery stream: its kind (ExtendedS3, HttpEndpoint...) and configuration. */
export function destinationOf(d) {
  const destination = d.Destinations?.[0] ?? {};
  const [kind, config] = Object.entries(destination).find(([k]) => k.endsWith('DestinationDescription')) ?? ['', {}];
  return { kind: kind.replace('DestinationDescription', ''), config };
}

export function failureOf(d) {
  const failure = d.FailureDescription ?? destinationOf(d).config.FailureDescription;
  return failure ? `${failure.Type}: ${failure.Details}` : '';
}

function bytes(n) {
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(1)} MiB`;
  if (n >= 1 << 10) return `${(n / (1 << 10)).toFixed(1)} KiB`;
  return `${n} B`;
}

function age(ms) {
  return ms >= 60000 ? `${(ms / 60000).toFixed(1)} min` : `${(ms / 1000).toFixed(1)} s`;
}

function table(id, headings, rows, empty) {
  return rows.length
    ? h('table', { id, class: 'striped' }, h('thead', {}, h('tr', {}, headings.map(t => h('th', { text: t })))),
      h('tbody', {}, rows))
    : h('p', { id, class: 'muted', text: empty });
}

export async function deliveryStreamsPage(view) {
  const box = h('div', { id: 'delivery-streams-list' }, h('p', { 'aria-busy': 'true', text: 'Loading…' }));
  view.append(h('h2', { text: 'Delivery streams' }), box);
  const names = (await firehose('ListDeliveryStreams', { Limit: 100 })).DeliveryStreamNames ?? [];
  const described = await Promise.all(names.map(n => firehose('DescribeDeliveryStream', { DeliveryStreamName: n })
    .then(d => d.DeliveryStreamDescription)));
  box.replaceChildren(table('delivery-streams-table', ['Delivery stream', 'Status', 'Source', 'Destination', 'Failure'],
    described.map(d => h('tr', { 'data-delivery-stream': d.DeliveryStreamName },
      h('td', {}, h('a', { href: `#/delivery-stream/${encodeURIComponent(d.DeliveryStreamName)}`, text: d.DeliveryStreamName })),
      h('td', { class: `status-${d.DeliveryStreamStatus}`, text: d.DeliveryStreamStatus }),
      h('td', { text: d.DeliveryStreamType }), h('td', { text: destinationOf(d).kind }),
      h('td', { text: failureOf(d) }))), 'No delivery streams.'));
}

/** A bar of value against its hint, with the numbers beside it. */
function gauge(value, max, text) {
  return h('td', {}, h('progress', { value: Math.min(value, max), max }), h('small', { text }));
}

function bufferRows(status) {
  return status.buffers.map(b => {
    const ageMs = Math.max(0, status.nowMs - b.oldestArrivalMs);
    return h('tr', { 'data-partition': b.partition ?? '' },
      h('td', { text: b.partition ?? 'all records' }),
      h('td', { class: 'num buffer-records', text: String(b.records) }),
      gauge(b.bytes, status.sizeHintBytes, ` ${bytes(b.bytes)} of ${bytes(status.sizeHintBytes)}`),
      gauge(ageMs, status.intervalHintMs, ` ${age(ageMs)} of ${age(status.intervalHintMs)}`));
  });
}

function deliveryRows(status) {
  return status.lastDeliveries.map(d => h('tr', { class: d.errorCode ? 'delivery-failed' : 'delivery-ok' },
    h('td', { text: new Date(d.atMs).toLocaleTimeString() }), h('td', { text: d.destination }),
    h('td', { class: 'delivery-target', text: d.target }), h('td', { class: 'num', text: String(d.records) }),
    h('td', { class: 'num', text: bytes(d.bytes) }),
    h('td', { class: d.errorCode ? 'error-text delivery-result' : 'delivery-result',
      text: d.errorCode ? `${d.errorCode}: ${d.errorMessage ?? ''}` : 'delivered' })));
}

export async function deliveryStreamPage(view, name) {
  const configBox = h('div', { id: 'delivery-config' });
  const bufferBox = h('div', { id: 'buffer-fill' });
  const deliveringBox = h('p', { id: 'delivering', class: 'muted' });
  const deliveriesBox = h('div', { id: 'last-deliveries' });
  view.append(
    h('nav', { 'aria-label': 'breadcrumb' }, h('ul', {},
      h('li', {}, h('a', { href: '#/delivery-streams', text: 'Delivery streams' })), h('li', { text: name }))),
    h('h2', { text: name, id: 'delivery-stream-name' }), configBox,
    h('article', {}, h('h3', { text: 'Buffer fill' }), bufferBox, deliveringBox),
    h('article', {}, h('h3', { text: 'Last deliveries' }), deliveriesBox));

  async function refreshConfig() {
    const d = (await firehose('DescribeDeliveryStream', { DeliveryStreamName: name })).DeliveryStreamDescription;
    const { kind, config } = destinationOf(d);
    const hints = config.BufferingHints ?? {};
    const target = config.BucketARN ?? config.EndpointConfiguration?.Url ?? '';
    const source = d.Source?.KinesisStreamSourceDescription?.KinesisStreamARN;
    configBox.replaceChildren(h('article', {},
      h('p', {}, h('span', { class: `status-${d.DeliveryStreamStatus}`, id: 'delivery-status', text: d.DeliveryStreamStatus }),
        ` · ${d.DeliveryStreamType} · ${kind} ${target} · buffer ${hints.SizeInMBs ?? '?'} MB or `
        + `${hints.IntervalInSeconds ?? '?'} s · ${config.CompressionFormat ?? 'UNCOMPRESSED'}`
        + (config.Prefix ? ` · prefix ${config.Prefix}` : '')),
      source ? h('p', {}, 'Source: ', h('a', { href: `#/stream/${encodeURIComponent(source.split('/').pop())}`, text: source })) : null,
      h('p', { class: 'muted', text: d.DeliveryStreamARN }),
      h('p', { id: 'delivery-failure', class: 'error-text', text: failureOf(d) })));
  }

  async function refreshStatus() {
    const status = await answer(await fetch(`api/delivery-status?name=${encodeURIComponent(name)}`));
    bufferBox.replaceChildren(table('buffer-table',
      [status.isDynamicPartitioning ? 'Partition' : 'Buffer', 'Records', 'Bytes vs size hint', 'Oldest record vs interval'],
      bufferRows(status), 'Nothing buffered.'));
    deliveringBox.textContent = status.delivering
      ? `Delivering ${status.delivering.target} (planned ${new Date(status.delivering.plannedMs).toLocaleTimeString()})`
      : `${status.objectsDelivered} delivered since the stream was created.`;
    deliveriesBox.replaceChildren(table('deliveries-table', ['When', 'Destination', 'Object or endpoint', 'Records',
      'Bytes', 'Result'], deliveryRows(status), 'No deliveries since the server started.'));
  }

  await Promise.all([refreshConfig(), refreshStatus()]);
  every(1000, () => refreshStatus().catch(() => {}));
  every(5000, () => refreshConfig().catch(() => {}));
}
