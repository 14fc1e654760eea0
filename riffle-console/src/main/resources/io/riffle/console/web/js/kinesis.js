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

/**
 * One call of an AWS JSON protocol (Kinesis and Firehose: JSON 1.1; DynamoDB: JSON 1.0) from the browser, with the
 * unsigned Authorization header auth=none accepts (its scope names the service) and, signed in, the CSRF token.
 */
export async function awsJson(service, target, contentType, body = {}) {
  const { region } = await consoleConfig();
  const amzDate = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
  const res = await fetch('/', {
    method: 'POST',
    headers: {
      'Content-Type': contentType,
      'X-Amz-Target': target,
      'X-Amz-Date': amzDate,
      'Authorization': `AWS4-HMAC-SHA256 Credential=riffle-console/${amzDate.slice(0, 8)}/${region}/${service}/aws4_request, `
        + `SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`,
      ...csrfHeaders(),
    },
    body: JSON.stringify(body),
  });
  return answer(res);
}

/** An answer's JSON, or its AWS error as a KinesisError (and a signed-out event when the session is gone). */
export async function answer(res) {
  const text = await res.text();
  const data = text ? JSON.parse(text) : {};
  if (!res.ok) {
    const type = (data.__type || res.headers.get('x-amzn-ErrorType') || 'Error').split('#').pop().split(':')[0];
    if (isSignedOut(res.status, type)) window.dispatchEvent(new Event('riffle-signed-out'));
    throw new KinesisError(type, data.message || data.Message || text, res.status);
  }
  return data;
}

export function kinesis(operation, body = {}) {
  return awsJson('kinesis', `Kinesis_20131202.${operation}`, 'application/x-amz-json-1.1', body);
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
