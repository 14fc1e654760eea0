// Captures requests exactly as the AWS SDK for JavaScript v3 signs and sends them (a request handler in place of
// the HTTP/2 one receives the final, signed request), with a fixed clock and fixed credentials, into js-*.json for
// SdkCapturedRequestsTest. Run with riffle-it's pinned SDK:
//   cp capture_js.mjs ../../../../../riffle-it/src/test/js/ && cd ../../../../../riffle-it/src/test/js && node capture_js.mjs <this directory>
import { writeFileSync } from "node:fs";
import { KinesisClient, PutRecordCommand, PutRecordsCommand } from "@aws-sdk/client-kinesis";

const TIME = new Date("2026-12-04T07:30:00Z");
const out = process.argv[2] ?? ".";

async function record(name, credentials, command) {
  let captured;
  const client = new KinesisClient({
    endpoint: "http://127.0.0.1:4567", region: "us-east-1", credentials, maxAttempts: 1,
    systemClockOffset: TIME.getTime() - Date.now(),
    requestHandler: { handle: async (request) => { captured = request; throw new Error("captured"); } },
  });
  try {
    await client.send(command);
  } catch (e) {
    if (!captured) throw e;
  }
  const body = typeof captured.body === "string" ? Buffer.from(captured.body) : Buffer.from(captured.body ?? []);
  const query = new URLSearchParams(captured.query ?? {}).toString();
  writeFileSync(`${out}/js-${name}.json`, JSON.stringify({
    sdk: "@aws-sdk/client-kinesis " + (await import("@aws-sdk/client-kinesis/package.json", { with: { type: "json" } })).default.version,
    service: "kinesis", region: "us-east-1", accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken ?? null,
    time: TIME.toISOString().replace(".000", ""), method: captured.method, path: captured.path, query,
    headers: Object.entries(captured.headers), bodyBase64: body.toString("base64"),
  }, null, 1) + "\n");
}

const root = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" };
const session = {
  accessKeyId: "ASIAIOSFODNN7EXAMPLE", secretAccessKey: "session/secret/of/the/captured/requests0",
  sessionToken: "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==",
};
await record("kinesis-put-record", root,
  new PutRecordCommand({ StreamName: "golden", PartitionKey: "k", Data: Buffer.from("captured") }));
await record("kinesis-put-records-session", session, new PutRecordsCommand({ StreamName: "golden",
  Records: [{ PartitionKey: "a", Data: Buffer.from("one") }, { PartitionKey: "b", Data: Buffer.from("two") }] }));
