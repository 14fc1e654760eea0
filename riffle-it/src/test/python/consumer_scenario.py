#!/usr/bin/env python3
"""The stream consumer (enhanced fan-out) scenario through boto3 (JSON 1.1 over HTTP/1.1).

    python3 consumer_scenario.py http://127.0.0.1:4567

Registers consumers, waits for them to turn ACTIVE, describes them by ARN and by stream ARN and
name, lists them page by page, checks the errors Kinesis answers, deregisters one, and deletes the
stream with EnforceConsumerDeletion. The helpers (a stream with an ACTIVE consumer, waiting for a
consumer's status) are meant for further consumer scenarios, such as subscribe_to_shard.

Credentials and region come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY /
AWS_DEFAULT_REGION (any values). Prints each step; exits 1 with a message naming the step on
the first mismatch, 2 on a usage error.
"""
import datetime
import time
import uuid

from scenario_kit import ClientError, Config, Mismatch, boto3, botocore, check, expect_error, run, step  # noqa: F401

ACCOUNT = "000000000000"
DEADLINE_S = 30


def client(endpoint):
    return boto3.client(
        "kinesis",
        endpoint_url=endpoint,
        config=Config(retries={"mode": "standard", "max_attempts": 3}, connect_timeout=5, read_timeout=60),
    )


def stream_arn(name):
    return f"arn:aws:kinesis:us-east-1:{ACCOUNT}:stream/{name}"


def create_stream(kinesis, prefix, shards=1):
    """Creates a stream and waits until it is ACTIVE; returns (name, ARN)."""
    name = f"{prefix}-{uuid.uuid4().hex[:12]}"
    kinesis.create_stream(StreamName=name, ShardCount=shards)
    kinesis.get_waiter("stream_exists").wait(StreamName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 30})
    return name, stream_arn(name)


def consumer_status(kinesis, consumer_arn):
    """The consumer's status, or None once it is gone."""
    try:
        return kinesis.describe_stream_consumer(ConsumerARN=consumer_arn)["ConsumerDescription"]["ConsumerStatus"]
    except kinesis.exceptions.ResourceNotFoundException:
        return None


def wait_consumer(kinesis, consumer_arn, wanted):
    """Polls DescribeStreamConsumer every 50 ms until the status is `wanted` (None: gone); boto3 has no waiter."""
    end = time.monotonic() + DEADLINE_S
    while True:
        status = consumer_status(kinesis, consumer_arn)
        if status == wanted:
            return
        check(time.monotonic() < end, f"{consumer_arn} still {status} after {DEADLINE_S} s, expected {wanted}")
        time.sleep(0.05)


def register_active_consumer(kinesis, arn, consumer_name):
    """Registers a consumer, checks the answer, waits until it is ACTIVE; returns the Consumer."""
    consumer = kinesis.register_stream_consumer(StreamARN=arn, ConsumerName=consumer_name)["Consumer"]
    check(consumer["ConsumerName"] == consumer_name, f"ConsumerName {consumer['ConsumerName']}")
    check(consumer["ConsumerStatus"] in ("CREATING", "ACTIVE"), f"status {consumer['ConsumerStatus']}")
    created = consumer["ConsumerCreationTimestamp"]
    check(isinstance(created, datetime.datetime), f"ConsumerCreationTimestamp {created!r} is not a timestamp")
    expected_arn = f"{arn}/consumer/{consumer_name}:{int(created.timestamp())}"
    check(consumer["ConsumerARN"] == expected_arn, f"ConsumerARN {consumer['ConsumerARN']}, expected {expected_arn}")
    wait_consumer(kinesis, consumer["ConsumerARN"], "ACTIVE")
    return consumer


def list_consumers(kinesis, arn, page_size):
    """Every consumer of the stream through the list_stream_consumers paginator; returns (consumers, page sizes)."""
    consumers, sizes = [], []
    pages = kinesis.get_paginator("list_stream_consumers").paginate(StreamARN=arn,
                                                                    PaginationConfig={"PageSize": page_size})
    for page in pages:
        sizes.append(len(page["Consumers"]))
        consumers.extend(page["Consumers"])
    return consumers, sizes


def main(endpoint):
    kinesis = client(endpoint)
    print(f"boto3 {boto3.__version__}, botocore {botocore.__version__}, endpoint {endpoint}")
    name, arn = create_stream(kinesis, "boto3-consumers")

    step(f"register_stream_consumer on {name}, wait until ACTIVE")
    first = register_active_consumer(kinesis, arn, "first")
    summary = kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]
    check(summary["ConsumerCount"] == 1, f"ConsumerCount {summary['ConsumerCount']}")

    step("describe_stream_consumer by ConsumerARN and by StreamARN + ConsumerName")
    by_arn = kinesis.describe_stream_consumer(ConsumerARN=first["ConsumerARN"])["ConsumerDescription"]
    by_name = kinesis.describe_stream_consumer(StreamARN=arn, ConsumerName="first")["ConsumerDescription"]
    check(by_arn == by_name, f"by ARN {by_arn} != by name {by_name}")
    check(by_arn["StreamARN"] == arn, f"StreamARN {by_arn['StreamARN']}")
    check(by_arn["ConsumerStatus"] == "ACTIVE", f"status {by_arn['ConsumerStatus']}")
    check(by_arn["ConsumerCreationTimestamp"] == first["ConsumerCreationTimestamp"], "ConsumerCreationTimestamp")

    step("list_stream_consumers page by page")
    for n in ("e", "b", "d", "c"):
        kinesis.register_stream_consumer(StreamARN=arn, ConsumerName=n)
    consumers, sizes = list_consumers(kinesis, arn, 2)
    names = [c["ConsumerName"] for c in consumers]
    check(names == ["b", "c", "d", "e", "first"], f"listed {names}")
    check(sizes == [2, 2, 1], f"page sizes {sizes}")
    page = kinesis.list_stream_consumers(StreamARN=arn, MaxResults=4)
    check(len(page["Consumers"]) == 4 and page.get("NextToken"), f"MaxResults=4 page {page}")
    rest = kinesis.list_stream_consumers(StreamARN=arn, NextToken=page["NextToken"])
    check([c["ConsumerName"] for c in rest["Consumers"]] == ["first"], f"second page {rest['Consumers']}")
    check("NextToken" not in rest, f"NextToken on the last page: {rest}")

    step("errors: ResourceInUseException, ResourceNotFoundException, InvalidArgumentException, ValidationException")
    e = expect_error("ResourceInUseException", kinesis.register_stream_consumer, StreamARN=arn, ConsumerName="first")
    check("first" in e.response["Error"]["Message"], f"message {e.response['Error']['Message']}")
    expect_error("ResourceNotFoundException", kinesis.describe_stream_consumer, StreamARN=arn, ConsumerName="nobody")
    expect_error("ResourceNotFoundException", kinesis.register_stream_consumer, StreamARN=arn + "-missing",
                 ConsumerName="c")
    expect_error("InvalidArgumentException", kinesis.describe_stream_consumer, ConsumerName="first")
    expect_error("ValidationException", kinesis.register_stream_consumer, StreamARN=arn, ConsumerName="not valid!")

    step("deregister_stream_consumer, then it is gone")
    kinesis.deregister_stream_consumer(StreamARN=arn, ConsumerName="b")
    b_arn = next(c["ConsumerARN"] for c in consumers if c["ConsumerName"] == "b")
    check(consumer_status(kinesis, b_arn) in ("DELETING", None), "status right after deregistering")
    wait_consumer(kinesis, b_arn, None)
    check([c["ConsumerName"] for c in list_consumers(kinesis, arn, 100)[0]] == ["c", "d", "e", "first"],
          "consumers after deregistering b")

    step("delete_stream needs EnforceConsumerDeletion while consumers are registered")
    e = expect_error("ResourceInUseException", kinesis.delete_stream, StreamName=name)
    check("EnforceConsumerDeletion" in e.response["Error"]["Message"], f"message {e.response['Error']['Message']}")
    kinesis.delete_stream(StreamName=name, EnforceConsumerDeletion=True)
    kinesis.get_waiter("stream_not_exists").wait(StreamName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 30})
    check(consumer_status(kinesis, first["ConsumerARN"]) is None, "a consumer of the deleted stream is still there")

    print("OK: the boto3 consumer scenario passed")


if __name__ == "__main__":
    run(main, __doc__)
