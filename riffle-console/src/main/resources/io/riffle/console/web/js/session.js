// Sign-in with auth=sigv4. The server checks the keys and answers with an HttpOnly, SameSite=Strict session cookie,
// which script cannot read; the page keeps only the session's CSRF token, in memory (never localStorage), and sends
// it on every POST. With auth=none the server says no sign-in is needed and nothing here shows.
import { h } from './ui.js';

let session;

/** The server's view of this browser: {auth, signedIn, arn, csrfToken, expiresAt}. */
export async function currentSession(refresh = false) {
  if (!session || refresh) {
    const res = await fetch('api/session', { cache: 'no-store' });
    if (!res.ok) throw new Error(`console API: ${res.status} ${await res.text()}`);
    session = await res.json();
  }
  return session;
}

/** The headers a state-changing call carries: the CSRF token of the signed-in session, when there is one. */
export function csrfHeaders() {
  return session && session.csrfToken ? { 'X-Riffle-Csrf': session.csrfToken } : {};
}

/** Whether an answer means the session is gone (expired, signed out elsewhere, or the key deleted). */
export function isSignedOut(status, type) {
  return session && session.auth === 'sigv4' && (status === 401
    || ['MissingAuthenticationTokenException', 'InvalidSignatureException', 'UnrecognizedClientException',
      'IncompleteSignatureException'].includes(type));
}

export async function signOut() {
  await fetch('api/signout', { method: 'POST', headers: csrfHeaders() });
  session = { auth: 'sigv4', signedIn: false };
}

/** The sign-in form; resolves once the server accepted the keys. */
export function signInPage(view) {
  return new Promise(resolve => {
    const error = h('p', { id: 'signin-error', class: 'error-text', role: 'alert' });
    const field = (id, label, type = 'text', more = {}) => h('label', {}, label,
      h('input', { id, name: id, type, autocomplete: 'off', spellcheck: 'false', ...more }));
    const form = h('form', { id: 'signin-form', onsubmit: async e => {
      e.preventDefault();
      error.textContent = '';
      const body = {
        accessKeyId: form.querySelector('#signin-key').value,
        secretAccessKey: form.querySelector('#signin-secret').value,
      };
      const token = form.querySelector('#signin-token').value.trim();
      if (token) body.sessionToken = token;
      const res = await fetch('api/signin', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
      });
      const data = await res.json().catch(() => ({}));
      if (!res.ok) {
        error.textContent = data.message || `sign-in failed: ${res.status}`;
        return;
      }
      form.reset(); // the secret leaves the page
      session = data;
      resolve(data);
    } },
      field('signin-key', 'Access key ID', 'text', { required: true }),
      field('signin-secret', 'Secret access key', 'password', { required: true }),
      field('signin-token', 'Session token (temporary credentials only)'),
      h('button', { id: 'signin-button', type: 'submit' }, 'Sign in'),
      error);
    view.replaceChildren(h('article', { class: 'signin' },
      h('header', {}, h('h3', {}, 'Sign in to Riffle')),
      h('p', { class: 'muted' }, 'This server verifies requests (auth=sigv4). Sign in with an IAM user\'s access '
        + 'key, the root key, or STS session credentials: the console then acts as that identity, under its policies.'),
      form));
    form.querySelector('#signin-key').focus();
  });
}
