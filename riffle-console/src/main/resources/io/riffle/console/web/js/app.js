// The console's router: #/streams, #/stream/NAME, #/viewer/NAME, #/delivery-streams, #/delivery-stream/NAME,
// #/triggers.
import { leave, toast } from './ui.js';
import { streamsPage } from './streams.js';
import { streamPage } from './stream.js';
import { viewerPage } from './viewer.js';
import { deliveryStreamPage, deliveryStreamsPage } from './firehose.js';
import { triggersPage } from './triggers.js';
import { currentSession, signInPage, signOut } from './session.js';

const view = document.getElementById('view');
const who = document.getElementById('who');
const signOutButton = document.getElementById('signout');

/** With auth=sigv4, the sign-in form until the server knows this browser; then who is signed in, in the header. */
async function signedIn() {
  let session = await currentSession();
  if (session.auth === 'sigv4' && !session.signedIn) {
    who.hidden = true;
    leave();
    session = await signInPage(view);
  }
  if (session.auth === 'sigv4') {
    who.textContent = session.arn;
    who.title = `access key ${session.accessKeyId}, until ${session.expiresAt}`;
    who.hidden = false;
    signOutButton.hidden = false;
  }
}

signOutButton.addEventListener('click', async () => {
  await signOut();
  signOutButton.hidden = true;
  route();
});
window.addEventListener('riffle-signed-out', async () => {
  const session = await currentSession(true);
  if (session.auth === 'sigv4' && !session.signedIn) route();
});

async function route() {
  leave();
  try {
    await signedIn();
  } catch (e) {
    toast(e.message, true);
    return;
  }
  const [, page, name] = (location.hash || '#/streams').split('/');
  view.replaceChildren();
  try {
    if (page === 'stream' && name) await streamPage(view, decodeURIComponent(name));
    else if (page === 'viewer' && name) await viewerPage(view, decodeURIComponent(name));
    else if (page === 'delivery-stream' && name) await deliveryStreamPage(view, decodeURIComponent(name));
    else if (page === 'delivery-streams') await deliveryStreamsPage(view);
    else if (page === 'triggers') await triggersPage(view);
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
