// Small DOM helpers shared by the pages.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c !== undefined && c !== null) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

let toastTimer;
export function toast(message, isError = false) {
  const el = document.getElementById('toast');
  el.textContent = message;
  el.className = isError ? 'error' : '';
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.hidden = true; }, isError ? 8000 : 3000);
}

/** Runs an action from a button or form, showing its AWS error if it fails. */
export async function attempt(action, done) {
  try {
    const result = await action();
    if (done) toast(done);
    return result;
  } catch (e) {
    toast(e.message, true);
    throw e;
  }
}

export function formatRate(n, unit) {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} M${unit}`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k${unit}`;
  return `${n.toFixed(n < 10 && n > 0 ? 1 : 0)} ${unit}`;
}

export async function rates() {
  const res = await fetch('api/rates');
  return res.ok ? (await res.json()).streams : {};
}

/** A tiny uPlot line without axes or legend, for a table cell. */
export function sparkline(target, series) {
  const opts = {
    width: 160, height: 32, legend: { show: false }, cursor: { show: false }, select: { show: false },
    axes: [{ show: false }, { show: false }], scales: { x: { time: false }, y: { range: (u, min, max) => [0, Math.max(1, max)] } },
    series: [{}, { stroke: '#3c8dbc', fill: 'rgba(60,141,188,0.2)', width: 1 }],
  };
  return new uPlot(opts, series, target);
}

/** Refreshes while the page shows; every page's timers are cleared when the route changes. */
const timers = new Set();
export function every(ms, task) {
  const id = setInterval(task, ms);
  timers.add(id);
  return id;
}
export function clearTimers() {
  timers.forEach(clearInterval);
  timers.clear();
}
const cleanups = new Set();
export function onLeave(task) { cleanups.add(task); }
export function leave() {
  clearTimers();
  cleanups.forEach(t => t());
  cleanups.clear();
}
