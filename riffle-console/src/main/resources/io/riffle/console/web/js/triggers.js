// Triggers (#/triggers): every event source mapping, through Lambda's own API on the same port
// (ListEventSourceMappings, following NextMarker): function, source, state and why, last processing result, batching;
// refreshed every 2 s. A stream's page lists the mappings reading it (readers.js).
import { answer } from './kinesis.js';
import { every, h } from './ui.js';

async function allMappings() {
  const mappings = [];
  let marker;
  do {
    const query = marker ? `?Marker=${encodeURIComponent(marker)}` : '';
    const page = await answer(await fetch(`/2015-03-31/event-source-mappings/${query}`));
    mappings.push(...(page.EventSourceMappings ?? []));
    marker = page.NextMarker;
  } while (marker);
  return mappings;
}

function sourceCell(arn) {
  const stream = /:stream\/([^/]+)/.exec(arn ?? '')?.[1];
  return h('td', {}, stream ? h('a', { href: `#/stream/${encodeURIComponent(stream)}`, title: arn, text: stream })
    : (arn ?? ''));
}

export async function triggersPage(view) {
  const box = h('div', { id: 'mappings' }, h('p', { 'aria-busy': 'true', text: 'Loading…' }));
  view.append(h('h2', { text: 'Triggers (event source mappings)' }), box);
  async function refresh() {
    const mappings = await allMappings();
    box.replaceChildren(mappings.length
      ? h('table', { id: 'mappings-table', class: 'striped' }, h('thead', {}, h('tr', {},
        ['Function', 'Source', 'State', 'Why', 'Last result', 'Batch', 'Modified'].map(t => h('th', { text: t })))),
      h('tbody', {}, mappings.map(m => h('tr', { 'data-trigger': m.UUID },
        h('td', { text: m.FunctionArn.split(':function:').pop() }), sourceCell(m.EventSourceArn),
        h('td', { class: 'trigger-state', text: m.State }), h('td', { class: 'muted', text: m.StateTransitionReason ?? '' }),
        h('td', { class: 'trigger-result', text: m.LastProcessingResult ?? '' }),
        h('td', { text: `${m.BatchSize ?? ''} from ${m.StartingPosition ?? ''}` }),
        h('td', { text: m.LastModified ? new Date(m.LastModified * 1000).toLocaleString() : '' })))))
      : h('p', { id: 'mappings-table', class: 'muted', text: 'No event source mappings.' }));
  }
  await refresh();
  every(2000, () => refresh().catch(() => {}));
}
