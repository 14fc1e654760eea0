#!/usr/bin/env python3
"""The Kinesis scenario through boto3 (JSON 1.1 over HTTP/1.1), against a Riffle endpoint.

    python3 kinesis_scenario.py http://127.0.0.1:4567

Credentials and region come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY /
AWS_DEFAULT_REGION (any values; Riffle accepts any SigV4 credentials). Prints each step;
exits 1 with a message naming the step on the first mismatch, 2 on a usage error.
"""
import datetime
import hashlib
import time
import uuid

from scenario_kit import ClientError, Config, Mismatch, boto3, botocore, check, expect_error, run, step  # noqa: F401


def decodes_as_kinesis(text, shard_id, arrival):
    """Whether a number has Kinesis' 56-digit layout (read as tools that decode Kinesis' numbers read it:
    version 2 in the low 4 bits, the shard index in the next 32, the arrival second in the 36 above)."""
    n = int(text)
    return (len(text) == 56 and n & 0xF == 2 and n >> 184 == 2
            and f"shardId-{(n >> 4) & 0xFFFFFFFF:012d}" == shard_id
            and (n >> 36) & (2 ** 36 - 1) == int(arrival.timestamp()))


def main(endpoint):
    kinesis = boto3.client(
        "kinesis",
        endpoint_url=endpoint,
        config=Config(retries={"mode": "standard", "max_attempts": 3}, connect_timeout=5, read_timeout=60),
    )
    print(f"boto3 {boto3.__version__}, botocore {botocore.__version__}, endpoint {endpoint}")
    name = "boto3-" + uuid.uuid4().hex[:12]
    arn = f"arn:aws:kinesis:us-east-1:000000000000:stream/{name}"

    step(f"create_stream {name} with 2 shards, wait with the stream_exists waiter")
    kinesis.create_stream(StreamName=name, ShardCount=2)
    kinesis.get_waiter("stream_exists").wait(StreamName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 30})
    summary = kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]
    check(summary["StreamStatus"] == "ACTIVE", f"status {summary['StreamStatus']}")
    check(summary["StreamARN"] == arn, f"ARN {summary['StreamARN']}")
    check(summary["OpenShardCount"] == 2, f"OpenShardCount {summary['OpenShardCount']}")
    check(summary["RetentionPeriodHours"] == 24, f"RetentionPeriodHours {summary['RetentionPeriodHours']}")
    created = summary["StreamCreationTimestamp"]
    check(isinstance(created, datetime.datetime), f"StreamCreationTimestamp {created!r} is not a timestamp")
    age = abs((datetime.datetime.now(datetime.timezone.utc) - created).total_seconds())
    check(age < 120, f"StreamCreationTimestamp {created} is {age:.0f} s from now")

    step("list_streams and list_shards")
    names = []
    for page in kinesis.get_paginator("list_streams").paginate(PaginationConfig={"PageSize": 1}):
        names.extend(page["StreamNames"])
    check(name in names, f"{name} not in {names}")
    shards = kinesis.list_shards(StreamName=name)["Shards"]
    check([s["ShardId"] for s in shards] == ["shardId-000000000000", "shardId-000000000001"],
          f"shards {[s['ShardId'] for s in shards]}")
    page = kinesis.list_shards(StreamName=name, MaxResults=1)
    check(len(page["Shards"]) == 1 and page.get("NextToken"), f"MaxResults=1 page {page}")
    rest = kinesis.list_shards(NextToken=page["NextToken"])
    check([s["ShardId"] for s in rest["Shards"]] == ["shardId-000000000001"], f"second page {rest['Shards']}")

    def shard_of(key):
        h = int.from_bytes(hashlib.md5(key.encode("utf-8")).digest(), "big")
        for s in shards:
            r = s["HashKeyRange"]
            if int(r["StartingHashKey"]) <= h <= int(r["EndingHashKey"]):
                return s["ShardId"]
        raise Mismatch(f"no shard owns the hash of {key}")

    step("put_record and put_records")
    sent = {}  # sequence number -> (partition key, data)
    for i in range(10):
        key, data = f"key-{i}", f"single-{i}".encode()
        r = kinesis.put_record(StreamName=name, PartitionKey=key, Data=data)
        check(r["ShardId"] == shard_of(key), f"put_record {key} went to {r['ShardId']}, expected {shard_of(key)}")
        sent[r["SequenceNumber"]] = (key, data)
    binary = bytes(range(256)) * 4
    entries = [{"PartitionKey": f"batch-{i}", "Data": binary if i == 0 else f"batch-{i}".encode()} for i in range(100)]
    r = kinesis.put_records(StreamName=name, Records=entries)
    check(r["FailedRecordCount"] == 0, f"FailedRecordCount {r['FailedRecordCount']}: {r['Records'][:3]}")
    check(len(r["Records"]) == 100, f"{len(r['Records'])} result entries")
    for entry, result in zip(entries, r["Records"]):
        check(result["ShardId"] == shard_of(entry["PartitionKey"]), f"put_records entry {entry['PartitionKey']}")
        sent[result["SequenceNumber"]] = (entry["PartitionKey"], entry["Data"])
    explicit = kinesis.put_record(StreamName=name, PartitionKey="x", Data=b"explicit",
                                  ExplicitHashKey=str(2 ** 128 - 1))
    check(explicit["ShardId"] == "shardId-000000000001", f"ExplicitHashKey 2^128-1 went to {explicit['ShardId']}")
    sent[explicit["SequenceNumber"]] = ("x", b"explicit")

    step("get_shard_iterator (TRIM_HORIZON, AT_SEQUENCE_NUMBER, LATEST) and get_records")
    received = {}
    for shard in shards:
        it = kinesis.get_shard_iterator(StreamName=name, ShardId=shard["ShardId"],
                                        ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        previous = -1
        for _ in range(100):
            out = kinesis.get_records(ShardIterator=it, Limit=25)
            for rec in out["Records"]:
                seq = int(rec["SequenceNumber"])
                check(seq > previous, f"{shard['ShardId']}: sequence numbers out of order")
                previous = seq
                check(isinstance(rec["ApproximateArrivalTimestamp"], datetime.datetime), "ApproximateArrivalTimestamp")
                check(decodes_as_kinesis(rec["SequenceNumber"], shard["ShardId"], rec["ApproximateArrivalTimestamp"]),
                      f"{rec['SequenceNumber']} is not a 56-digit Kinesis number of {shard['ShardId']} dated "
                      f"{rec['ApproximateArrivalTimestamp']}")
                received[rec["SequenceNumber"]] = (rec["PartitionKey"], rec["Data"])
            check("MillisBehindLatest" in out, "GetRecords without MillisBehindLatest")
            if not out["Records"] and out["MillisBehindLatest"] == 0:
                break
            it = out["NextShardIterator"]
    check(received == sent, f"read back {len(received)} records, sent {len(sent)}; "
                            f"missing {sorted(set(sent) - set(received))[:3]}, "
                            f"unexpected {sorted(set(received) - set(sent))[:3]}")
    first_seq = min(sent, key=int)
    first_shard = next(s["ShardId"] for s in shards if s["ShardId"] == shard_of(sent[first_seq][0]))
    it = kinesis.get_shard_iterator(StreamName=name, ShardId=first_shard, ShardIteratorType="AT_SEQUENCE_NUMBER",
                                    StartingSequenceNumber=first_seq)["ShardIterator"]
    out = kinesis.get_records(ShardIterator=it, Limit=1)
    check([r["SequenceNumber"] for r in out["Records"]] == [first_seq], "AT_SEQUENCE_NUMBER")
    latest = kinesis.get_shard_iterator(StreamName=name, ShardId="shardId-000000000000",
                                        ShardIteratorType="LATEST")["ShardIterator"]
    check(kinesis.get_records(ShardIterator=latest)["Records"] == [], "LATEST before any new record")
    kinesis.put_record(StreamName=name, PartitionKey="late", Data=b"late", ExplicitHashKey="0")
    check([r["Data"] for r in kinesis.get_records(ShardIterator=latest)["Records"]] == [b"late"], "LATEST after a put")
    it = kinesis.get_shard_iterator(StreamName=name, ShardId="shardId-000000000000", ShardIteratorType="AT_TIMESTAMP",
                                    Timestamp=datetime.datetime.now(datetime.timezone.utc)
                                    - datetime.timedelta(minutes=5))["ShardIterator"]
    check(len(kinesis.get_records(ShardIterator=it)["Records"]) > 0, "AT_TIMESTAMP 5 minutes ago")

    step("tags by stream name and by ARN")
    kinesis.add_tags_to_stream(StreamName=name, Tags={"team": "blue", "env": "test"})
    kinesis.remove_tags_from_stream(StreamName=name, TagKeys=["env"])
    tags = kinesis.list_tags_for_stream(StreamName=name)
    check(tags["Tags"] == [{"Key": "team", "Value": "blue"}] and tags["HasMoreTags"] is False, f"tags {tags}")
    kinesis.tag_resource(ResourceARN=arn, Tags={"owner": "boto3"})
    by_arn = {t["Key"]: t["Value"] for t in kinesis.list_tags_for_resource(ResourceARN=arn)["Tags"]}
    check(by_arn == {"team": "blue", "owner": "boto3"}, f"tags by ARN {by_arn}")
    kinesis.untag_resource(ResourceARN=arn, TagKeys=["owner"])

    step("retention, limits and StreamARN instead of StreamName")
    kinesis.increase_stream_retention_period(StreamARN=arn, RetentionPeriodHours=48)
    check(kinesis.describe_stream(StreamName=name)["StreamDescription"]["RetentionPeriodHours"] == 48, "retention 48")
    limits = kinesis.describe_limits()
    check(limits["OpenShardCount"] >= 2 and limits["ShardLimit"] >= limits["OpenShardCount"], f"limits {limits}")

    step("errors: ResourceNotFoundException, ValidationException, InvalidArgumentException")
    e = expect_error("ResourceNotFoundException", kinesis.describe_stream_summary, StreamName=name + "-missing")
    check(isinstance(e, kinesis.exceptions.ResourceNotFoundException), f"modeled exception class, got {type(e)}")
    check(name + "-missing" in e.response["Error"]["Message"], f"message {e.response['Error']['Message']}")
    expect_error("ValidationException", kinesis.describe_stream_summary, StreamName="not a valid name!")
    expect_error("InvalidArgumentException", kinesis.increase_stream_retention_period, StreamName=name,
                 RetentionPeriodHours=9000)
    expect_error("ResourceInUseException", kinesis.create_stream, StreamName=name, ShardCount=1)
    middle = len(latest) // 2
    altered = latest[:middle] + ("B" if latest[middle] == "A" else "A") + latest[middle + 1:]
    expect_error("InvalidArgumentException", kinesis.get_records, ShardIterator=altered)

    step("delete_stream and the stream_not_exists waiter")
    kinesis.delete_stream(StreamName=name)
    kinesis.get_waiter("stream_not_exists").wait(StreamName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 30})
    check(name not in kinesis.list_streams()["StreamNames"], "deleted stream still listed")
    expect_error("ResourceNotFoundException", kinesis.put_record, StreamName=name, PartitionKey="k", Data=b"x")

    print("OK: the boto3 scenario passed")


if __name__ == "__main__":
    run(main, __doc__)
