// The JS SDK v3 (JSON 1.1 over cleartext HTTP/2) with STS session credentials against a server with auth=sigv4:
// the environment's session (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN) works; an expired one
// (EXPIRED_ACCESS_KEY_ID, EXPIRED_SECRET_ACCESS_KEY, EXPIRED_SESSION_TOKEN) and a clock 10 minutes ahead (the
// client's systemClockOffset) get Kinesis' exact errors.
//   node auth_errors.mjs http://127.0.0.1:4567
import { KinesisClient, ListStreamsCommand } from "@aws-sdk/client-kinesis";
import { check, expectError, run, step } from "./scenario_kit.mjs";

function client(endpoint, options) {
  return new KinesisClient({ endpoint, region: process.env.AWS_REGION ?? "us-east-1", maxAttempts: 1, ...options });
}

async function main(endpoint) {
  step("the session in the environment lists streams");
  const streams = await client(endpoint, {}).send(new ListStreamsCommand({}));
  check(Array.isArray(streams.StreamNames), `ListStreams: ${JSON.stringify(streams)}`);

  step("an expired session: ExpiredTokenException");
  const expired = client(endpoint, {
    credentials: {
      accessKeyId: process.env.EXPIRED_ACCESS_KEY_ID,
      secretAccessKey: process.env.EXPIRED_SECRET_ACCESS_KEY,
      sessionToken: process.env.EXPIRED_SESSION_TOKEN,
    },
  });
  const e = await expectError("ExpiredTokenException", "The security token included in the request is expired",
    () => expired.send(new ListStreamsCommand({})));
  check(e.$metadata.httpStatusCode === 400, `status ${e.$metadata.httpStatusCode}`);

  step("the session with a clock 10 minutes ahead: Signature not yet current");
  const skewed = client(endpoint, { systemClockOffset: 600_000 });
  const s = await expectError("InvalidSignatureException", undefined, () => skewed.send(new ListStreamsCommand({})));
  check(/^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 5 min\.\)$/
    .test(s.message), `message ${s.message}`);
}

await run(main, "OK: the JS SDK v3 session scenario passed");
