// The console's router: #/streams, #/stream/NAME, #/viewer/NAME.
import { leave, toast } from './ui.js';
import { streamsPage } from './streams.js';
import { streamPage } from './stream.js';
import { viewerPage } from './viewer.js';

const view = document.getElementById('view');

async function route() {
  leave();
  const [, page, name] = (location.hash || '#/streams').split('/');
  view.replaceChildren();
  try {
    if (page === 'stream' && name) await streamPage(view, decodeURIComponent(name));
    else if (page === 'viewer' && name) await viewerPage(view, decodeURIComponent(name));
    else await streamsPage(view);
  } catch (e) {
    toast(e.message, true);
  }
}

function applyTheme(theme) {
  if (theme) document.documentElement.setAttribute('data-theme', theme);
}
applyTheme(localStorage.getItem('riffle-theme'));
document.getElementById('theme').addEventListener('click', () => {
  const dark = document.documentElement.getAttribute('data-theme') === 'dark'
    || (!document.documentElement.getAttribute('data-theme') && matchMedia('(prefers-color-scheme: dark)').matches);
  const next = dark ? 'light' : 'dark';
  localStorage.setItem('riffle-theme', next); // a preference, never a secret
  applyTheme(next);
});

window.addEventListener('hashchange', route);
route();
