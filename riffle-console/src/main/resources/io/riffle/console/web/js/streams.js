// The streams page: every stream with its status, mode, shards, retention, encryption and incoming rates; create
// and delete.
import { kinesis } from './kinesis.js';
import { attempt, every, formatRate, h, rates, sparkline } from './ui.js';

async function describeAll() {
  const names = [];
  let page = await kinesis('ListStreams', {});
  names.push(...page.StreamNames);
  while (page.HasMoreStreams && names.length) {
    page = await kinesis('ListStreams', { ExclusiveStartStreamName: names[names.length - 1] });
    names.push(...page.StreamNames);
  }
  const summaries = await Promise.all(names.map(name => kinesis('DescribeStreamSummary', { StreamName: name })
    .then(r => r.StreamDescriptionSummary).catch(() => null)));
  return summaries.filter(s => s);
}

export async function streamsPage(view) {
  const body = h('tbody');
  const sparks = new Map(); // stream name -> {plot, cell}
  const table = h('table', { id: 'streams-table', class: 'striped' },
    h('thead', {}, h('tr', {},
      ['Stream', 'Status', 'Mode', 'Open shards', 'Retention', 'Encryption', 'Records/s', 'Bytes/s', 'Incoming', '']
        .map(t => h('th', { text: t })))),
    body);

  const name = h('input', { name: 'name', id: 'create-name', placeholder: 'stream name', required: true,
    pattern: '[a-zA-Z0-9_.\\-]{1,128}' });
  const mode = h('select', { name: 'mode', id: 'create-mode' },
    h('option', { value: 'PROVISIONED', text: 'Provisioned' }), h('option', { value: 'ON_DEMAND', text: 'On-demand' }));
  const shards = h('input', { name: 'shards', id: 'create-shards', type: 'number', min: 1, value: 1 });
  const form = h('form', { class: 'inline', id: 'create-form', onsubmit: async e => {
    e.preventDefault();
    const request = { StreamName: name.value, StreamModeDetails: { StreamMode: mode.value } };
    if (mode.value === 'PROVISIONED') request.ShardCount = Number(shards.value);
    await attempt(() => kinesis('CreateStream', request), `Creating ${name.value}`);
    name.value = '';
    refresh();
  } }, h('label', {}, 'Name', name), h('label', {}, 'Capacity', mode), h('label', {}, 'Shards', shards),
  h('button', { type: 'submit', id: 'create-button' }, 'Create stream'));

  view.append(h('h2', {}, 'Data streams'), h('article', {}, form), table);

  async function refresh() {
    const streams = await describeAll();
    const seen = new Set();
    for (const s of streams) {
      seen.add(s.StreamName);
      let row = body.querySelector(`tr[data-stream="${CSS.escape(s.StreamName)}"]`);
      if (!row) {
        row = h('tr', { 'data-stream': s.StreamName });
        body.append(row);
      }
      const spark = sparks.get(s.StreamName)?.cell ?? h('td', { class: 'sparkline-cell' });
      row.replaceChildren(
        h('td', {}, h('a', { href: `#/stream/${encodeURIComponent(s.StreamName)}`, text: s.StreamName })),
        h('td', { class: `status-${s.StreamStatus}`, text: s.StreamStatus }),
        h('td', { text: s.StreamModeDetails?.StreamMode ?? 'PROVISIONED' }),
        h('td', { class: 'num', text: s.OpenShardCount }),
        h('td', { class: 'num', text: `${s.RetentionPeriodHours} h` }),
        h('td', { text: s.EncryptionType === 'KMS' ? 'KMS' : 'none' }),
        h('td', { class: 'num rate-records' }), h('td', { class: 'num rate-bytes' }), spark,
        h('td', {}, h('button', { class: 'outline secondary', onclick: async () => {
          if (!confirm(`Delete the stream ${s.StreamName} and all its records?`)) return;
          await attempt(() => kinesis('DeleteStream', { StreamName: s.StreamName, EnforceConsumerDeletion: true }),
            `Deleting ${s.StreamName}`);
          refresh();
        } }, 'Delete')));
      if (!sparks.has(s.StreamName)) sparks.set(s.StreamName, { cell: spark });
    }
    for (const row of [...body.children]) {
      if (!seen.has(row.dataset.stream)) { row.remove(); sparks.delete(row.dataset.stream); }
    }
    if (!streams.length) body.replaceChildren(h('tr', {}, h('td', { colspan: 10, class: 'muted', text: 'No streams yet.' })));
  }

  async function refreshRates() {
    const byStream = await rates();
    for (const [name, spark] of sparks) {
      const r = byStream[name];
      const row = body.querySelector(`tr[data-stream="${CSS.escape(name)}"]`);
      if (!r || !row) continue;
      const last = r.records.length ? r.records.length - 1 : -1;
      row.querySelector('.rate-records').textContent = last < 0 ? '–' : formatRate(r.records[last], '');
      row.querySelector('.rate-bytes').textContent = last < 0 ? '–' : formatRate(r.bytes[last], 'B');
      const data = [r.t.map(t => t / 1000), r.records];
      if (!spark.plot || !spark.cell.isConnected || !spark.cell.contains(spark.plot.root)) {
        spark.cell.replaceChildren();
        spark.plot = sparkline(spark.cell, data);
      } else {
        spark.plot.setData(data);
      }
    }
  }

  await refresh();
  await refreshRates();
  every(5000, refresh);
  every(1000, refreshRates);
}
