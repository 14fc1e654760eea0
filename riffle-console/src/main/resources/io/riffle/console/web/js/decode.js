// How the data viewer shows a record's bytes: UTF-8, JSON (pretty, collapsible), hex, or the user records of a KPL
// aggregated record.

const utf8 = new TextDecoder('utf-8');
const KPL_MAGIC = [0xf3, 0x89, 0x9a, 0xc2];
const MD5_BYTES = 16;

export function base64Bytes(text) {
  const raw = atob(text);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

export function hex(bytes) {
  const lines = [];
  for (let i = 0; i < bytes.length; i += 16) {
    const row = [...bytes.slice(i, i + 16)];
    lines.push(`${i.toString(16).padStart(6, '0')}  ${row.map(b => b.toString(16).padStart(2, '0')).join(' ').padEnd(47)}  `
      + row.map(b => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join(''));
  }
  return lines.join('\n');
}

export function text(bytes) {
  return utf8.decode(bytes);
}

/** The pretty JSON of the bytes, or null when they are not JSON. */
export function prettyJson(bytes) {
  try {
    return JSON.stringify(JSON.parse(utf8.decode(bytes)), null, 2);
  } catch {
    return null;
  }
}

export function isKplAggregated(bytes) {
  return bytes.length > KPL_MAGIC.length + MD5_BYTES && KPL_MAGIC.every((b, i) => bytes[i] === b);
}

/**
 * The user records of a KPL aggregated record (magic, protobuf AggregatedRecord, MD5): [{key, data}], or null when
 * the bytes are not one. The MD5 is not checked (a viewer shows what is there).
 */
export function deaggregate(bytes) {
  if (!isKplAggregated(bytes)) return null;
  const message = bytes.subarray(KPL_MAGIC.length, bytes.length - MD5_BYTES);
  const keys = [];
  const records = [];
  try {
    for (const f of fields(message)) {
      if (f.number === 1) keys.push(utf8.decode(f.bytes));
      if (f.number === 3) {
        const record = { keyIndex: 0, data: new Uint8Array() };
        for (const rf of fields(f.bytes)) {
          if (rf.number === 1) record.keyIndex = rf.varint;
          if (rf.number === 3) record.data = rf.bytes;
        }
        records.push(record);
      }
    }
  } catch {
    return null;
  }
  return records.map(r => ({ key: keys[r.keyIndex] ?? `#${r.keyIndex}`, data: r.data }));
}

/** The fields of a protobuf message: {number, varint} or {number, bytes}. */
function* fields(bytes) {
  let at = 0;
  const varint = () => {
    let value = 0;
    let shift = 0;
    for (;;) {
      if (at >= bytes.length) throw new Error('truncated');
      const b = bytes[at++];
      value += (b & 0x7f) * 2 ** shift;
      if (!(b & 0x80)) return value;
      shift += 7;
    }
  };
  while (at < bytes.length) {
    const key = varint();
    const number = Math.floor(key / 8);
    const type = key & 7;
    if (type === 0) yield { number, varint: varint() };
    else if (type === 2) {
      const length = varint();
      if (at + length > bytes.length) throw new Error('truncated');
      yield { number, bytes: bytes.subarray(at, at + length) };
      at += length;
    } else if (type === 1) at += 8;
    else if (type === 5) at += 4;
    else throw new Error(`wire type ${type}`);
  }
}
