// The shards of a stream drawn over the hash key space (0 .. 2^128 - 1, left to right), one row per generation:
// a split or merge puts its children a row below their parents, with lines showing the lineage.

const SVG = 'http://www.w3.org/2000/svg';
const KEY_SPACE = 2n ** 128n;
const ROW_HEIGHT = 34;
const WIDTH = 1000;

function svg(tag, attrs) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  return el;
}

function x(hashKey) {
  return Number((BigInt(hashKey) * 100000n) / KEY_SPACE) / 100000 * WIDTH;
}

export function isOpen(shard) {
  return !shard.SequenceNumberRange?.EndingSequenceNumber;
}

/** The row of each shard: 0 without parents in the list, else one below its lowest parent. */
function generations(shards) {
  const byId = new Map(shards.map(s => [s.ShardId, s]));
  const rows = new Map();
  const row = s => {
    if (rows.has(s.ShardId)) return rows.get(s.ShardId);
    const parents = [s.ParentShardId, s.AdjacentParentShardId].filter(p => p && byId.has(p));
    const r = parents.length ? Math.max(...parents.map(p => row(byId.get(p)))) + 1 : 0;
    rows.set(s.ShardId, r);
    return r;
  };
  shards.forEach(row);
  return rows;
}

export function shardMap(shards, onSelect) {
  const rows = generations(shards);
  const depth = Math.max(0, ...rows.values()) + 1;
  const root = svg('svg', { viewBox: `0 0 ${WIDTH} ${depth * ROW_HEIGHT + 14}`, role: 'img',
    'aria-label': 'shard map', id: 'shard-map' });
  const centre = new Map();
  for (const s of shards) {
    const x0 = x(s.HashKeyRange.StartingHashKey);
    const x1 = x(BigInt(s.HashKeyRange.EndingHashKey) + 1n);
    const y = rows.get(s.ShardId) * ROW_HEIGHT + 4;
    centre.set(s.ShardId, { x: (x0 + x1) / 2, top: y, bottom: y + ROW_HEIGHT - 8 });
    const g = svg('g', { class: `shard ${isOpen(s) ? 'open' : 'closed'}`, 'data-shard-id': s.ShardId });
    const rect = svg('rect', { x: x0 + 1, y, width: Math.max(1, x1 - x0 - 2), height: ROW_HEIGHT - 8, rx: 3 });
    const title = svg('title', {});
    title.textContent = `${s.ShardId} (${isOpen(s) ? 'open' : 'closed'})\nhash keys ${s.HashKeyRange.StartingHashKey}`
      + ` .. ${s.HashKeyRange.EndingHashKey}\nfrom sequence ${s.SequenceNumberRange.StartingSequenceNumber}`;
    rect.append(title);
    g.append(rect);
    if (x1 - x0 > 40) {
      const label = svg('text', { x: (x0 + x1) / 2, y: y + ROW_HEIGHT / 2, 'text-anchor': 'middle' });
      label.textContent = `#${parseInt(s.ShardId.replace(/^shardId-/, ''), 10)}`;
      g.append(label);
    }
    if (onSelect) g.addEventListener('click', () => onSelect(s));
    root.append(g);
  }
  for (const s of shards) {
    for (const p of [s.ParentShardId, s.AdjacentParentShardId]) {
      const from = centre.get(p);
      const to = centre.get(s.ShardId);
      if (from && to) root.prepend(svg('line', { x1: from.x, y1: from.bottom, x2: to.x, y2: to.top }));
    }
  }
  const axis = svg('text', { x: 2, y: depth * ROW_HEIGHT + 12, class: 'muted', 'font-size': 10 });
  axis.textContent = 'hash key 0 → 2¹²⁸ − 1';
  root.append(axis);
  return root;
}
