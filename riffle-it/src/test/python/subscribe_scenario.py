#!/usr/bin/env python3
"""Enhanced fan-out through boto3 (JSON 1.1 over HTTP/1.1, chunked), against a Riffle endpoint.

    python3 subscribe_scenario.py http://127.0.0.1:4567

Creates a 1-shard stream, registers a consumer and waits until it is ACTIVE, lists it, calls
subscribe_to_shard from LATEST, writes records while the subscription is open and checks they are
pushed in order over the event stream, with a ContinuationSequenceNumber equal to the last one's
sequence number; then checks that a second call within 5 seconds is refused.

Credentials and region come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY /
AWS_DEFAULT_REGION (any values). Prints each step; exits 1 with a message naming the step on
the first mismatch, 2 on a usage error.
"""
import threading
import time

from consumer_scenario import client, create_stream, list_consumers, register_active_consumer
from scenario_kit import ClientError, Mismatch, boto3, botocore, check, expect_error, run, step

DEADLINE_S = 30
RECORDS = 200


def main(endpoint):
    kinesis = client(endpoint)
    print(f"boto3 {boto3.__version__}, botocore {botocore.__version__}, endpoint {endpoint}")

    step("create a stream, register a consumer and wait until it is ACTIVE")
    name, stream_arn = create_stream(kinesis, "boto3-efo")
    arn = register_active_consumer(kinesis, stream_arn, "boto3-consumer")["ConsumerARN"]
    listed, _ = list_consumers(kinesis, stream_arn, 10)
    check([c["ConsumerName"] for c in listed] == ["boto3-consumer"], f"list_stream_consumers: {listed}")

    step("subscribe_to_shard from LATEST over HTTP/1.1, then write records")
    response = kinesis.subscribe_to_shard(ConsumerARN=arn, ShardId="shardId-000000000000",
                                          StartingPosition={"Type": "LATEST"})
    check(response["ResponseMetadata"]["HTTPStatusCode"] == 200, f"status {response['ResponseMetadata']}")
    written = []

    def write():
        time.sleep(0.3)
        for start in range(0, RECORDS, 50):
            batch = [{"Data": f"pushed-{i}".encode(), "PartitionKey": "k"} for i in range(start, start + 50)]
            out = kinesis.put_records(StreamName=name, Records=batch)
            check(out["FailedRecordCount"] == 0, f"put_records failed: {out}")
            written.extend(r["SequenceNumber"] for r in out["Records"])

    writer = threading.Thread(target=write)
    writer.start()
    received = []
    last_event = None
    deadline = time.monotonic() + DEADLINE_S
    for event in response["EventStream"]:
        check("SubscribeToShardEvent" in event, f"unexpected event {event}")
        last_event = event["SubscribeToShardEvent"]
        received.extend(last_event["Records"])
        if len(received) >= RECORDS or time.monotonic() > deadline:
            break
    writer.join()
    response["EventStream"].close()
    check(len(received) == RECORDS, f"{len(received)} records pushed, {RECORDS} written")
    check([r["Data"].decode() for r in received] == [f"pushed-{i}" for i in range(RECORDS)], "records out of order")
    check([r["SequenceNumber"] for r in received] == written, "sequence numbers differ from put_records'")
    check(last_event["ContinuationSequenceNumber"] == received[-1]["SequenceNumber"], "continuation")

    step("a second subscribe_to_shard within 5 seconds is refused")
    time.sleep(1.1)  # past the one-call-per-second limit
    expect_error("ResourceInUseException", kinesis.subscribe_to_shard, ConsumerARN=arn,
                 ShardId="shardId-000000000000", StartingPosition={"Type": "LATEST"})

    step("deregister_stream_consumer and delete_stream")
    kinesis.deregister_stream_consumer(ConsumerARN=arn)
    kinesis.delete_stream(StreamName=name, EnforceConsumerDeletion=True)
    print("OK: the boto3 subscribe scenario passed")


if __name__ == "__main__":
    run(main, __doc__)
