"""Firehose's dynamic partitioning through the AWS CLI (create) and boto3 (put, describe, errors) against a Riffle
server delivering to its embedded S3 folder (<data-dir>/s3/<bucket>/): JSON sub-records de-aggregated, partition
keys from a jq 1.6 query (with strftime), one folder per partition, records without keys under the error prefix's
partitioning-failed/, and Firehose's refusals.

Usage: python3 firehose_partitioning_scenario.py ENDPOINT DATA_DIR
"""
import json
import os
import subprocess

from firehose_scenario import ROLE, wait_for
from scenario_kit import Config, boto3, check, expect_error, run, step


def lines_under(folder):
    found = []
    for root, _, files in os.walk(folder):
        for name in sorted(files):
            if not name.startswith("."):
                with open(os.path.join(root, name)) as f:
                    found.extend(f.read().splitlines())
    return sorted(found)


def main(endpoint, data_dir):
    fh = boto3.client("firehose", endpoint_url=endpoint, region_name="us-east-1",
                      config=Config(retries={"total_max_attempts": 1}))
    bucket_dir = os.path.join(data_dir, "s3", "fh-parts")

    step("create-delivery-stream (AWS CLI) with dynamic partitioning, RecordDeAggregation and MetadataExtraction")
    destination = {
        "RoleARN": ROLE, "BucketARN": "arn:aws:s3:::fh-parts",
        "Prefix": "team=!{partitionKeyFromQuery:team}/year=!{partitionKeyFromQuery:year}/",
        "ErrorOutputPrefix": "errors/!{firehose:error-output-type}/",
        "BufferingHints": {"SizeInMBs": 64, "IntervalInSeconds": 1},
        "DynamicPartitioningConfiguration": {"Enabled": True, "RetryOptions": {"DurationInSeconds": 120}},
        "ProcessingConfiguration": {"Enabled": True, "Processors": [
            {"Type": "RecordDeAggregation", "Parameters": [{"ParameterName": "SubRecordType", "ParameterValue": "JSON"}]},
            {"Type": "MetadataExtraction", "Parameters": [
                {"ParameterName": "MetadataExtractionQuery",
                 "ParameterValue": '{team: .team, year: .at | strptime("%Y-%m-%dT%H:%M:%SZ") | strftime("%Y")}'},
                {"ParameterName": "JsonParsingEngine", "ParameterValue": "JQ-1.6"}]},
            {"Type": "AppendDelimiterToRecord", "Parameters": []}]}}
    out = subprocess.run(["aws", "--endpoint-url", endpoint, "--region", "us-east-1", "--output", "json", "firehose",
                          "create-delivery-stream", "--delivery-stream-name", "parts",
                          "--extended-s3-destination-configuration", json.dumps(destination)],
                         capture_output=True, text=True, timeout=120)
    check(out.returncode == 0, f"aws firehose create-delivery-stream failed: {out.stderr}")
    wait_for("ACTIVE", lambda: fh.describe_delivery_stream(DeliveryStreamName="parts")
             ["DeliveryStreamDescription"]["DeliveryStreamStatus"] == "ACTIVE")
    described = fh.describe_delivery_stream(DeliveryStreamName="parts")["DeliveryStreamDescription"][
        "Destinations"][0]["ExtendedS3DestinationDescription"]
    check(described["DynamicPartitioningConfiguration"] == {"Enabled": True, "RetryOptions": {"DurationInSeconds": 120}},
          described)

    step("PutRecordBatch (boto3): aggregated JSON records, one without its key")
    events = [{"team": "red", "at": "2025-06-01T10:00:00Z", "n": 1}, {"team": "blue", "at": "2026-01-02T03:04:05Z", "n": 2},
              {"team": "red", "at": "2026-07-01T00:00:00Z", "n": 3}, {"team": "red", "at": "2025-12-31T23:59:59Z", "n": 4}]
    records = [{"Data": (json.dumps(events[0]) + json.dumps(events[1])).encode()},
               {"Data": json.dumps(events[2]).encode()},
               {"Data": (json.dumps(events[3]) + "\n" + json.dumps({"at": "2025-01-01T00:00:00Z", "n": 5})).encode()}]
    check(fh.put_record_batch(DeliveryStreamName="parts", Records=records)["FailedPutCount"] == 0, "all accepted")

    def partition(team, year):
        return lines_under(os.path.join(bucket_dir, f"team={team}", f"year={year}"))
    wait_for("three partitions and the failure", lambda: len(partition("red", 2025)) == 2
             and len(partition("red", 2026)) == 1 and len(partition("blue", 2026)) == 1
             and len(lines_under(os.path.join(bucket_dir, "errors", "partitioning-failed"))) == 1)
    check(partition("red", 2025) == sorted([json.dumps(events[0]), json.dumps(events[3])]), partition("red", 2025))
    check(partition("blue", 2026) == [json.dumps(events[1])], partition("blue", 2026))
    failure = json.loads(lines_under(os.path.join(bucket_dir, "errors", "partitioning-failed"))[0])
    check(failure["errorCode"] == "DynamicPartitioning.MetadataExtractionFailed", failure)

    step("Firehose's refusals")
    e = expect_error("InvalidArgumentException", fh.create_delivery_stream, DeliveryStreamName="no-dp",
                     ExtendedS3DestinationConfiguration={"RoleARN": ROLE, "BucketARN": "arn:aws:s3:::b",
                                                         "Prefix": "t=!{partitionKeyFromQuery:t}/",
                                                         "ErrorOutputPrefix": "e/"})
    check(e.response["Error"]["Message"] == "Dynamic Partitioning Namespaces can only be part of a prefix expression"
          " when Dynamic Partitioning is enabled.", e.response)
    e = expect_error("InvalidArgumentException", fh.create_delivery_stream, DeliveryStreamName="no-err",
                     ExtendedS3DestinationConfiguration={"RoleARN": ROLE, "BucketARN": "arn:aws:s3:::b",
                                                         "DynamicPartitioningConfiguration": {"Enabled": True}})
    check(e.response["Error"]["Message"] == "ErrorOutputPrefix cannot be null or empty when Dynamic Partitioning is"
          " enabled.", e.response)
    print("OK: the Firehose dynamic partitioning scenario passed")


if __name__ == "__main__":
    run(main, __doc__, arguments=2)
