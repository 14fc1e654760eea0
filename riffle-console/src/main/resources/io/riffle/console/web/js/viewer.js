// The data viewer: records of one shard or all, pushed live by the console's records endpoint (server-sent events),
// decoded, filtered by partition key, pausable, downloadable.
import { allShards } from './kinesis.js';
import { base64Bytes, deaggregate, hex, prettyJson, text } from './decode.js';
import { putForm } from './stream.js';
import { h, onLeave, toast } from './ui.js';

const MAX_SHOWN = 2000;

export async function viewerPage(view, name) {
  const shards = await allShards(name);
  const shard = h('select', { id: 'viewer-shard' }, h('option', { value: 'all', text: 'All shards' }),
    shards.map(s => h('option', { value: s.ShardId, text: s.ShardId })));
  const from = h('select', { id: 'viewer-from' }, ['TRIM_HORIZON', 'LATEST', 'AT_TIMESTAMP', 'AT_SEQUENCE_NUMBER']
    .map(f => h('option', { value: f, text: f })));
  const at = h('input', { id: 'viewer-at', placeholder: 'time (ISO) or sequence number' });
  const decoding = h('select', { id: 'viewer-decode' }, [['utf8', 'UTF-8'], ['json', 'JSON'], ['hex', 'Hex'],
    ['kpl', 'KPL de-aggregated']].map(([v, t]) => h('option', { value: v, text: t })));
  const filter = h('input', { id: 'viewer-filter', placeholder: 'partition key contains' });
  const start = h('button', { id: 'viewer-start' }, 'Start');
  const pause = h('button', { id: 'viewer-pause', class: 'secondary', disabled: true }, 'Pause');
  const download = h('button', { id: 'viewer-download', class: 'outline' }, 'Download');
  const state = h('span', { class: 'muted', id: 'viewer-state', text: 'stopped' });
  const rows = h('tbody', { id: 'viewer-records' });

  view.append(
    h('nav', { 'aria-label': 'breadcrumb' }, h('ul', {}, h('li', {}, h('a', { href: '#/streams', text: 'Streams' })),
      h('li', {}, h('a', { href: `#/stream/${encodeURIComponent(name)}`, text: name })), h('li', { text: 'Data viewer' }))),
    h('article', {}, h('div', { class: 'inline' }, h('label', {}, 'Shard', shard), h('label', {}, 'Start at', from),
      h('label', {}, 'Position', at), h('label', {}, 'Show as', decoding), h('label', {}, 'Filter', filter),
      start, pause, download, state)),
    h('div', { class: 'records' }, h('table', { class: 'striped' }, h('thead', {}, h('tr', {},
      ['Arrived', 'Shard', 'Partition key', 'Sequence number', 'Data'].map(t => h('th', { text: t })))), rows)),
    h('details', { id: 'viewer-put' }, h('summary', { text: 'Put a record' }), putForm(name)));

  const received = []; // every record of this session, decoded on display
  let source;
  let isPaused = false;

  function close() {
    if (source) source.close();
    source = undefined;
  }
  onLeave(close);

  function matches(r) {
    return !filter.value || r.key.includes(filter.value);
  }

  function dataCell(r) {
    const bytes = base64Bytes(r.data);
    switch (decoding.value) {
      case 'hex': return h('td', {}, h('pre', { text: hex(bytes) }));
      case 'json': {
        const pretty = prettyJson(bytes);
        if (pretty === null) return h('td', { text: text(bytes) });
        return h('td', {}, h('details', { open: pretty.length < 400 }, h('summary', { text: text(bytes).slice(0, 120) }),
          h('pre', { text: pretty })));
      }
      case 'kpl': {
        const users = deaggregate(bytes);
        if (!users) return h('td', { text: text(bytes) });
        return h('td', {}, users.map(u => h('div', {}, h('span', { class: 'muted', text: `${u.key}: ` }), text(u.data))));
      }
      default: return h('td', { text: text(bytes) });
    }
  }

  function row(r) {
    return h('tr', { 'data-seq': r.seq, 'data-key': r.key }, h('td', { text: new Date(r.ts).toISOString() }),
      h('td', { text: r.shard }), h('td', { class: 'record-key', text: r.key }), h('td', { text: r.seq }),
      Object.assign(dataCell(r), { className: 'record-data' }));
  }

  function render() {
    const shown = received.filter(matches).slice(-MAX_SHOWN);
    rows.replaceChildren(...shown.map(row));
  }

  function append(r) {
    received.push(r);
    if (received.length > MAX_SHOWN * 5) received.splice(0, received.length - MAX_SHOWN * 5);
    if (isPaused || !matches(r)) return;
    rows.append(row(r));
    while (rows.children.length > MAX_SHOWN) rows.firstChild.remove();
  }

  start.addEventListener('click', () => {
    close();
    received.length = 0;
    rows.replaceChildren();
    const query = new URLSearchParams({ stream: name, shard: shard.value, from: from.value });
    if (from.value === 'AT_TIMESTAMP') query.set('at', String(Date.parse(at.value)));
    if (from.value === 'AT_SEQUENCE_NUMBER') query.set('at', at.value.trim());
    source = new EventSource(`api/records?${query}`);
    state.textContent = 'connecting';
    source.onopen = () => { state.textContent = 'live'; };
    source.addEventListener('record', e => append(JSON.parse(e.data)));
    source.addEventListener('shard-end', e => toast(`${JSON.parse(e.data).shard} is closed and read to its end`));
    source.addEventListener('problem', e => toast(JSON.parse(e.data).message, true));
    // no automatic reconnection: it would start again from the same position and show records twice
    source.onerror = () => { close(); state.textContent = 'disconnected: Start again'; };
    pause.disabled = false;
    isPaused = false;
    pause.textContent = 'Pause';
  });
  pause.addEventListener('click', () => {
    isPaused = !isPaused;
    pause.textContent = isPaused ? 'Resume' : 'Pause';
    state.textContent = isPaused ? 'paused (still receiving)' : 'live';
    if (!isPaused) render();
  });
  filter.addEventListener('input', render);
  decoding.addEventListener('change', render);
  download.addEventListener('click', () => {
    const lines = received.filter(matches).map(r => JSON.stringify({ shardId: r.shard, sequenceNumber: r.seq,
      partitionKey: r.key, approximateArrivalTimestamp: new Date(r.ts).toISOString(), data: r.data }));
    const a = h('a', { href: URL.createObjectURL(new Blob([lines.join('\n') + '\n'], { type: 'application/x-ndjson' })),
      download: `${name}-records.jsonl` });
    a.click();
    URL.revokeObjectURL(a.href);
  });
}
