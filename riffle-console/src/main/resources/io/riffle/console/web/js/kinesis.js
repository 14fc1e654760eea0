// The Kinesis API from the browser: JSON 1.1 over fetch(), same origin. With auth=none the server accepts any
// well-formed Authorization header, so the console sends an unsigned one (see ConsoleService). With auth=sigv4 the
// session cookie says who calls, and each call carries the session's CSRF token (session.js).
import { csrfHeaders, isSignedOut } from './session.js';

let config;

export async function consoleConfig() {
  if (!config) {
    const res = await fetch('api/config');
    if (res.status === 401) window.dispatchEvent(new Event('riffle-signed-out'));
    if (!res.ok) throw new Error(`console API: ${res.status} ${await res.text()}`);
    config = await res.json();
  }
  return config;
}

export class KinesisError extends Error {
  constructor(type, message, status) {
    super(`${type}: ${message}`);
    this.type = type;
    this.status = status;
  }
}

export async function kinesis(operation, body = {}) {
  const { region } = await consoleConfig();
  const amzDate = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
  const res = await fetch('/', {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': `Kinesis_20131202.${operation}`,
      'X-Amz-Date': amzDate,
      'Authorization': `AWS4-HMAC-SHA256 Credential=riffle-console/${amzDate.slice(0, 8)}/${region}/kinesis/aws4_request, `
        + `SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`,
      ...csrfHeaders(),
    },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  const data = text ? JSON.parse(text) : {};
  if (!res.ok) {
    const type = (data.__type || 'Error').split('#').pop();
    if (isSignedOut(res.status, type)) window.dispatchEvent(new Event('riffle-signed-out'));
    throw new KinesisError(type, data.message || data.Message || text, res.status);
  }
  return data;
}

export async function streamArn(name) {
  const { region, accountId } = await consoleConfig();
  return `arn:aws:kinesis:${region}:${accountId}:stream/${name}`;
}

/** Every shard of a stream, closed ones included, following NextToken. */
export async function allShards(name) {
  const shards = [];
  let page = await kinesis('ListShards', { StreamName: name });
  shards.push(...page.Shards);
  while (page.NextToken) {
    page = await kinesis('ListShards', { NextToken: page.NextToken });
    shards.push(...page.Shards);
  }
  return shards;
}

/** Waits until the stream is ACTIVE again after a change (resharding, mode, retention). */
export async function untilActive(name, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = (await kinesis('DescribeStreamSummary', { StreamName: name })).StreamDescriptionSummary;
    if (s.StreamStatus === 'ACTIVE' || Date.now() > deadline) return s;
    await new Promise(r => setTimeout(r, 250));
  }
}
