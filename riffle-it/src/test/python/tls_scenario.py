#!/usr/bin/env python3
"""boto3 against a Riffle started with --tls: HTTPS with Riffle's certificate as the CA bundle.

    python3 tls_scenario.py https://127.0.0.1:4567 /path/to/riffle-data/tls/riffle.crt

Kinesis over HTTPS (JSON 1.1 over HTTP/1.1 in TLS) with verify=<certificate>, STS GetCallerIdentity
on the same endpoint, a client with the default CA bundle refused, and plaintext HTTP on the same
port. Exits 1 naming the step on the first mismatch, 2 on a usage error.
"""
import uuid
from urllib.parse import urlsplit

from scenario_kit import ClientError, Config, Mismatch, boto3, botocore, check, run, step


def main(endpoint, certificate):
    config = Config(retries={"mode": "standard", "max_attempts": 3}, connect_timeout=5, read_timeout=60)
    kinesis = boto3.client("kinesis", endpoint_url=endpoint, verify=certificate, config=config)
    print(f"boto3 {boto3.__version__}, botocore {botocore.__version__}, endpoint {endpoint}, CA {certificate}")
    check(endpoint.startswith("https://"), f"endpoint {endpoint} is not https")
    name = "boto3-tls-" + uuid.uuid4().hex[:12]

    step(f"create_stream {name} over HTTPS, wait with the stream_exists waiter")
    kinesis.create_stream(StreamName=name, ShardCount=2)
    kinesis.get_waiter("stream_exists").wait(StreamName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 30})

    step("put_record, put_records and get_records over HTTPS")
    first = kinesis.put_record(StreamName=name, PartitionKey="tls", ExplicitHashKey="0", Data=b"first over https")
    check(first["ShardId"] == "shardId-000000000000", f"shard {first['ShardId']}")
    batch = kinesis.put_records(StreamName=name, Records=[
        {"PartitionKey": "tls", "ExplicitHashKey": "0", "Data": f"r-{i}".encode()} for i in range(50)])
    check(batch["FailedRecordCount"] == 0, f"failed records {batch['FailedRecordCount']}")
    iterator = kinesis.get_shard_iterator(StreamName=name, ShardId="shardId-000000000000",
                                          ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    records = kinesis.get_records(ShardIterator=iterator)["Records"]
    data = [r["Data"] for r in records]
    check(data == [b"first over https"] + [f"r-{i}".encode() for i in range(50)], f"read back {data[:3]}...")

    step("sts get_caller_identity on the same endpoint")
    sts = boto3.client("sts", endpoint_url=endpoint, verify=certificate, config=config)
    identity = sts.get_caller_identity()
    check(identity["Account"] == "000000000000", f"account {identity['Account']}")
    check(identity["Arn"] == "arn:aws:iam::000000000000:root", f"ARN {identity['Arn']}")

    step("a client with the default CA bundle does not trust Riffle's certificate")
    untrusting = boto3.client("kinesis", endpoint_url=endpoint,
                              config=Config(retries={"max_attempts": 1}, connect_timeout=5, read_timeout=10))
    try:
        untrusting.list_streams()
        raise Mismatch("a client without Riffle's certificate was served")
    except botocore.exceptions.SSLError as refused:
        print(f"   refused as expected: {type(refused).__name__}")

    step("plaintext HTTP on the same port still serves")
    plain = boto3.client("kinesis", endpoint_url="http://" + urlsplit(endpoint).netloc, config=config)
    check(name in plain.list_streams()["StreamNames"], "stream not listed over plaintext")

    step("delete_stream over HTTPS")
    kinesis.delete_stream(StreamName=name)
    kinesis.get_waiter("stream_not_exists").wait(StreamName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 30})

    print("OK: the boto3 TLS scenario passed")


if __name__ == "__main__":
    run(main, __doc__, arguments=2)
