// The Kinesis scenario through the AWS SDK for JavaScript v3, which speaks JSON 1.1 over cleartext HTTP/2
// (prior knowledge) and reads SubscribeToShard's event stream on the same connection.
//   node kinesis_scenario.mjs http://127.0.0.1:4567
import { createHash } from "node:crypto";
import {
  CreateStreamCommand, DeleteStreamCommand, DescribeStreamConsumerCommand, DescribeStreamSummaryCommand,
  GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand, ListStreamsCommand, PutRecordCommand,
  PutRecordsCommand, RegisterStreamConsumerCommand, SubscribeToShardCommand, waitUntilStreamExists,
  waitUntilStreamNotExists,
} from "@aws-sdk/client-kinesis";
import { check, expectError, kinesisClient, run, step } from "./scenario_kit.mjs";

async function main(endpoint) {
  const kinesis = kinesisClient(endpoint);
  const name = `js-${Date.now().toString(36)}`;
  const arn = `arn:aws:kinesis:us-east-1:000000000000:stream/${name}`;
  try {
    step(`CreateStream ${name} with 2 shards, waitUntilStreamExists`);
    await kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: 2 }));
    await waitUntilStreamExists({ client: kinesis, maxWaitTime: 60, minDelay: 1, maxDelay: 1 }, { StreamName: name });
    const summary = (await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary;
    check(summary.StreamStatus === "ACTIVE", `status ${summary.StreamStatus}`);
    check(summary.StreamARN === arn, `ARN ${summary.StreamARN}`);
    check(summary.OpenShardCount === 2, `OpenShardCount ${summary.OpenShardCount}`);
    check(summary.StreamCreationTimestamp instanceof Date, `StreamCreationTimestamp ${summary.StreamCreationTimestamp}`);
    const age = Math.abs(Date.now() - summary.StreamCreationTimestamp.getTime());
    check(age < 120_000, `StreamCreationTimestamp ${summary.StreamCreationTimestamp.toISOString()} is ${age} ms from now`);

    step("ListStreams and ListShards");
    const streams = await kinesis.send(new ListStreamsCommand({}));
    check(streams.StreamNames.includes(name), `${name} not in ${streams.StreamNames}`);
    const shards = (await kinesis.send(new ListShardsCommand({ StreamName: name }))).Shards;
    check(JSON.stringify(shards.map((s) => s.ShardId)) === '["shardId-000000000000","shardId-000000000001"]',
      `shards ${shards.map((s) => s.ShardId)}`);
    const shardOf = (key) => {
      const hash = BigInt("0x" + createHash("md5").update(key, "utf8").digest("hex"));
      return shards.find((s) => BigInt(s.HashKeyRange.StartingHashKey) <= hash
        && hash <= BigInt(s.HashKeyRange.EndingHashKey)).ShardId;
    };

    step("PutRecord and PutRecords route by the MD5 of the partition key");
    const sent = new Map(); // shard -> [data] in send order
    const remember = (key, data) => sent.set(shardOf(key), [...(sent.get(shardOf(key)) ?? []), data]);
    const one = await kinesis.send(new PutRecordCommand({ StreamName: name, PartitionKey: "alpha", Data: Buffer.from("first") }));
    check(one.ShardId === shardOf("alpha"), `PutRecord went to ${one.ShardId}, the hash says ${shardOf("alpha")}`);
    check(/^\d+$/.test(one.SequenceNumber), `sequence number ${one.SequenceNumber}`);
    remember("alpha", "first");
    const entries = Array.from({ length: 20 }, (_, i) => ({ PartitionKey: `key-${i}`, Data: Buffer.from(`record-${i}`) }));
    const many = await kinesis.send(new PutRecordsCommand({ StreamName: name, Records: entries }));
    check(many.FailedRecordCount === 0, `FailedRecordCount ${many.FailedRecordCount}`);
    many.Records.forEach((r, i) => {
      check(r.ShardId === shardOf(entries[i].PartitionKey), `entry ${i} went to ${r.ShardId}`);
      remember(entries[i].PartitionKey, `record-${i}`);
    });
    const binary = Buffer.from([0, 255, 1, 254, 10, 13]);
    await kinesis.send(new PutRecordCommand({ StreamName: name, PartitionKey: "alpha", Data: binary }));

    step("GetShardIterator TRIM_HORIZON and GetRecords return each shard's records in order, bytes intact");
    for (const shard of shards) {
      const iterator = (await kinesis.send(new GetShardIteratorCommand({
        StreamName: name, ShardId: shard.ShardId, ShardIteratorType: "TRIM_HORIZON" }))).ShardIterator;
      const page = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator }));
      let data = page.Records.map((r) => Buffer.from(r.Data));
      if (shard.ShardId === shardOf("alpha")) {
        check(data.at(-1).equals(binary), `last record of ${shard.ShardId} is ${data.at(-1).toString("hex")}`);
        data = data.slice(0, -1);
      }
      const expected = sent.get(shard.ShardId) ?? [];
      check(JSON.stringify(data.map((d) => d.toString())) === JSON.stringify(expected),
        `${shard.ShardId} returned ${data.map((d) => d.toString())}, sent ${expected}`);
      check(page.Records.every((r) => r.ApproximateArrivalTimestamp instanceof Date), "ApproximateArrivalTimestamp");
      check(typeof page.MillisBehindLatest === "number" && page.NextShardIterator, "MillisBehindLatest, NextShardIterator");
    }

    step("errors arrive as the SDK's exception classes with Kinesis' messages");
    await expectError("ResourceNotFoundException",
      `Stream ${name}-missing under account 000000000000 not found.`,
      () => kinesis.send(new DescribeStreamSummaryCommand({ StreamName: `${name}-missing` })));
    await expectError("ResourceInUseException", undefined,
      () => kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 })));
    await expectError("InvalidArgumentException", undefined,
      () => kinesis.send(new GetShardIteratorCommand({ StreamName: name, ShardId: shards[0].ShardId,
        ShardIteratorType: "AT_SEQUENCE_NUMBER" })));

    step("RegisterStreamConsumer, SubscribeToShard from TRIM_HORIZON over HTTP/2");
    const consumer = (await kinesis.send(new RegisterStreamConsumerCommand({ StreamARN: arn, ConsumerName: "js" }))).Consumer;
    for (let status = consumer.ConsumerStatus; status !== "ACTIVE";) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      status = (await kinesis.send(new DescribeStreamConsumerCommand({ ConsumerARN: consumer.ConsumerARN })))
        .ConsumerDescription.ConsumerStatus;
    }
    const shard = shardOf("alpha");
    const wanted = (sent.get(shard) ?? []).length + 1;
    const subscription = await kinesis.send(new SubscribeToShardCommand({
      ConsumerARN: consumer.ConsumerARN, ShardId: shard, StartingPosition: { Type: "TRIM_HORIZON" } }));
    const pushed = [];
    for await (const event of subscription.EventStream) {
      const records = event.SubscribeToShardEvent?.Records ?? [];
      pushed.push(...records.map((r) => Buffer.from(r.Data)));
      check(event.SubscribeToShardEvent?.ContinuationSequenceNumber, "ContinuationSequenceNumber");
      if (pushed.length >= wanted) {
        break;
      }
    }
    check(pushed.at(0).toString() === sent.get(shard)[0] && pushed.at(-1).equals(binary),
      `pushed ${pushed.map((d) => d.toString("hex"))}`);

    step("DeleteStream with its consumer, waitUntilStreamNotExists");
    await kinesis.send(new DeleteStreamCommand({ StreamName: name, EnforceConsumerDeletion: true }));
    await waitUntilStreamNotExists({ client: kinesis, maxWaitTime: 60, minDelay: 1, maxDelay: 1 }, { StreamName: name });
  } finally {
    kinesis.destroy();
  }
}

await run(main, "OK: the JS SDK v3 scenario passed");
