#!/usr/bin/env python3
"""Resharding takes time, through boto3 (JSON 1.1), against a Riffle server started with a reshard
delay of several seconds:

    python3 reshard_delay_scenario.py http://127.0.0.1:4567

MergeShards answers with the stream UPDATING; meanwhile both parents are listed, take writes, and a
second MergeShards is ResourceInUseException ("not ACTIVE, instead in state UPDATING"); then the
stream is ACTIVE with the parents closed and the child open. Exits 1 naming the step on a mismatch.
"""
import time
import uuid

from scenario_kit import boto3, botocore, check, expect_error, run, step  # noqa: F401

DEADLINE_S = 60


def status(kinesis, name):
    return kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]["StreamStatus"]


def main(endpoint):
    kinesis = boto3.client("kinesis", endpoint_url=endpoint)
    name = "delay-" + uuid.uuid4().hex[:8]
    step("create a 2-shard stream")
    kinesis.create_stream(StreamName=name, ShardCount=2)
    end = time.monotonic() + DEADLINE_S
    while status(kinesis, name) != "ACTIVE":
        check(time.monotonic() < end, "the stream never became ACTIVE")
        time.sleep(0.05)

    step("merge: UPDATING, parents listed and writable, a second merge refused")
    kinesis.merge_shards(StreamName=name, ShardToMerge="shardId-000000000000",
                         AdjacentShardToMerge="shardId-000000000001")
    check(status(kinesis, name) == "UPDATING", "the stream is not UPDATING after MergeShards")
    shards = kinesis.list_shards(StreamName=name)["Shards"]
    check([s["ShardId"] for s in shards] == ["shardId-000000000000", "shardId-000000000001"],
          f"the child is listed before the cut-over: {shards}")
    put = kinesis.put_record(StreamName=name, PartitionKey="k", Data=b"x")
    check(put["ShardId"] in ("shardId-000000000000", "shardId-000000000001"), f"written to {put['ShardId']}")
    error = expect_error("ResourceInUseException", kinesis.merge_shards, StreamName=name,
                         ShardToMerge="shardId-000000000000", AdjacentShardToMerge="shardId-000000000001")
    expected = f"Stream {name} under account 000000000000 not ACTIVE, instead in state UPDATING"
    check(error.response["Error"]["Message"] == expected, f"message {error.response['Error']['Message']!r}")

    step("the cut-over: parents closed and the child open together")
    end = time.monotonic() + DEADLINE_S
    while status(kinesis, name) != "ACTIVE":
        check(time.monotonic() < end, f"still UPDATING after {DEADLINE_S} s")
        time.sleep(0.05)
    shards = kinesis.list_shards(StreamName=name)["Shards"]
    check([s["ShardId"] for s in shards] == ["shardId-000000000000", "shardId-000000000001", "shardId-000000000002"],
          f"shards after the merge: {shards}")
    check(all("EndingSequenceNumber" in s["SequenceNumberRange"] for s in shards[:2]), "a parent is still open")
    check(shards[2].get("AdjacentParentShardId") == "shardId-000000000001", f"child lineage: {shards[2]}")
    print("OK: the boto3 reshard delay scenario passed")


if __name__ == "__main__":
    run(main, __doc__)
