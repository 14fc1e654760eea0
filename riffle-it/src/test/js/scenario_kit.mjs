// Shared by the JS scenarios: the client for an endpoint, steps, checks and expected errors.
// A failed check throws, and the scenario exits 1 naming the step; usage errors exit 2.
import { KinesisClient } from "@aws-sdk/client-kinesis";

let current = "start";

export function step(text) {
  current = text;
  console.log(`-- ${text}`);
}

export function check(condition, message) {
  if (!condition) {
    throw new Error(`mismatch in step "${current}": ${message}`);
  }
}

/** Runs `call`, which must fail with an error named `name` (the SDK's exception class) and `message` if given. */
export async function expectError(name, message, call) {
  try {
    await call();
  } catch (e) {
    check(e.name === name, `expected ${name}, got ${e.name}: ${e.message}`);
    if (message !== undefined) {
      check(e.message === message, `expected message "${message}", got "${e.message}"`);
    }
    return e;
  }
  throw new Error(`mismatch in step "${current}": expected ${name}, the call succeeded`);
}

/** A Kinesis client of the JS SDK v3 (HTTP/2 by default) with the test's throwaway credentials from the environment. */
export function kinesisClient(endpoint) {
  return new KinesisClient({ endpoint, region: process.env.AWS_REGION ?? "us-east-1", maxAttempts: 3 });
}

/** Runs a scenario's main with the endpoint from argv[2]; prints OK or the failure and sets the exit code. */
export async function run(main, okLine) {
  const endpoint = process.argv[2];
  if (!endpoint) {
    console.error("usage: node <scenario>.mjs <endpoint>");
    process.exit(2);
  }
  try {
    await main(endpoint);
    console.log(okLine);
  } catch (e) {
    console.error(`FAILED: ${e.stack ?? e}`);
    process.exitCode = 1;
  }
}
