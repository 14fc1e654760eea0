"""Firehose through boto3 (JSON 1.1) and the AWS CLI against a Riffle server delivering to its embedded S3
folder (<data-dir>/s3/<bucket>/): create (CREATING -> ACTIVE), describe, list, tags, PutRecord and
PutRecordBatch (boto3 and `aws firehose put-record-batch`), the GZIP object under Firehose's key with every
record, UpdateDestination, a delivery stream reading a Riffle stream (KinesisStreamAsSource), Snappy objects with
the source record backup, an HttpEndpoint destination served by this script, Firehose's errors, delete.

Usage: python3 firehose_scenario.py ENDPOINT DATA_DIR
"""
import base64
import gzip
import json
import os
import re
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

from scenario_kit import Config, boto3, check, expect_error, run, step

ROLE = "arn:aws:iam::000000000000:role/firehose"
KEY = re.compile(r"^boto/\d{4}/\d{2}/\d{2}/\d{2}/boto-1-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}-"
                 r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.gz$")


def wait_for(what, condition, timeout_s=60):
    deadline = time.monotonic() + timeout_s
    while not condition():
        check(time.monotonic() < deadline, f"waited {timeout_s} s for {what}")
        time.sleep(0.05)


def objects(folder):
    found = []
    for root, _, files in os.walk(folder):
        for name in files:
            if not name.startswith("."):
                found.append(os.path.relpath(os.path.join(root, name), folder))
    return sorted(found)


def snappy_raw(data):
    """Decompresses one raw Snappy block (the format's own description: a varint length, then literals and
    copies), independently of the server's library."""
    pos, length, shift = 0, 0, 0
    while True:
        b = data[pos]
        pos += 1
        length |= (b & 0x7f) << shift
        shift += 7
        if b < 0x80:
            break
    out = bytearray()
    while pos < len(data):
        tag = data[pos]
        pos += 1
        if tag & 3 == 0:  # a literal
            n = tag >> 2
            if n >= 60:
                n = int.from_bytes(data[pos:pos + n - 59], "little")
                pos += (tag >> 2) - 59
            out += data[pos:pos + n + 1]
            pos += n + 1
            continue
        if tag & 3 == 1:
            n, offset = ((tag >> 2) & 7) + 4, ((tag >> 5) << 8) | data[pos]
            pos += 1
        else:
            width = 2 if tag & 3 == 2 else 4
            n, offset = (tag >> 2) + 1, int.from_bytes(data[pos:pos + width], "little")
            pos += width
        for _ in range(n):
            out.append(out[-offset])
    check(len(out) == length, f"a Snappy block of {len(out)} bytes says {length}")
    return bytes(out)


def snappy_framed(data):
    """The Snappy framing format: the stream identifier, then chunks (type, 3-byte length, masked CRC, data)."""
    check(data[:10] == b"\xff\x06\x00\x00sNaPpY", f"no Snappy stream identifier: {data[:10]!r}")
    pos, out = 10, bytearray()
    while pos < len(data):
        kind, n = data[pos], int.from_bytes(data[pos + 1:pos + 4], "little")
        body = data[pos + 4:pos + 4 + n]
        pos += 4 + n
        if kind == 0:
            out += snappy_raw(body[4:])
        elif kind == 1:
            out += body[4:]
    return bytes(out)


def cli(endpoint, *args):
    out = subprocess.run(["aws", "--endpoint-url", endpoint, "--region", "us-east-1", "--output", "json",
                          "firehose", *args], capture_output=True, text=True, timeout=120)
    check(out.returncode == 0, f"aws firehose {args[0]} failed: {out.stderr}")
    return json.loads(out.stdout) if out.stdout.strip() else {}


def main(endpoint, data_dir):
    fh = boto3.client("firehose", endpoint_url=endpoint, region_name="us-east-1",
                      config=Config(retries={"total_max_attempts": 1}))
    bucket_dir = os.path.join(data_dir, "s3", "fh-boto")

    step("CreateDeliveryStream (GZIP, 1 s interval) and wait for ACTIVE")
    arn = fh.create_delivery_stream(
        DeliveryStreamName="boto", DeliveryStreamType="DirectPut",
        ExtendedS3DestinationConfiguration={"RoleARN": ROLE, "BucketARN": "arn:aws:s3:::fh-boto", "Prefix": "boto/",
                                            "BufferingHints": {"SizeInMBs": 5, "IntervalInSeconds": 1},
                                            "CompressionFormat": "GZIP"},
        Tags=[{"Key": "team", "Value": "py"}])["DeliveryStreamARN"]
    check(arn == "arn:aws:firehose:us-east-1:000000000000:deliverystream/boto", arn)
    wait_for("ACTIVE", lambda: fh.describe_delivery_stream(DeliveryStreamName="boto")
             ["DeliveryStreamDescription"]["DeliveryStreamStatus"] == "ACTIVE")
    description = fh.describe_delivery_stream(DeliveryStreamName="boto")["DeliveryStreamDescription"]
    destination = description["Destinations"][0]
    check(destination["DestinationId"] == "destinationId-000000000001", destination)
    check(destination["ExtendedS3DestinationDescription"]["CompressionFormat"] == "GZIP", destination)
    check(description["VersionId"] == "1" and description["HasMoreDestinations"] is False, description)

    step("ListDeliveryStreams, ListTagsForDeliveryStream")
    check("boto" in fh.list_delivery_streams(DeliveryStreamType="DirectPut")["DeliveryStreamNames"], "listed")
    check(fh.list_tags_for_delivery_stream(DeliveryStreamName="boto")["Tags"] == [{"Key": "team", "Value": "py"}],
          "tags")

    step("PutRecordBatch (boto3), PutRecord, and put-record-batch through the AWS CLI")
    lines = [f"boto-{i}\n" for i in range(100)]
    answer = fh.put_record_batch(DeliveryStreamName="boto", Records=[{"Data": line.encode()} for line in lines])
    check(answer["FailedPutCount"] == 0 and len(answer["RequestResponses"]) == 100, answer)
    fh.put_record(DeliveryStreamName="boto", Record={"Data": b"boto-single\n"})
    cli_lines = [f"cli-{i}\n" for i in range(3)]
    cli_answer = cli(endpoint, "put-record-batch", "--delivery-stream-name", "boto", "--records",
                     json.dumps([{"Data": line} for line in cli_lines]))  # CLI v1 takes blobs raw
    check(cli_answer["FailedPutCount"] == 0, cli_answer)
    described = cli(endpoint, "describe-delivery-stream", "--delivery-stream-name", "boto")
    check(described["DeliveryStreamDescription"]["DeliveryStreamStatus"] == "ACTIVE", described)

    step("the objects in the embedded folder: Firehose's keys, GZIP, every record once")
    expected = sorted(lines + ["boto-single\n"] + cli_lines)

    def delivered():
        text = "".join(gzip.decompress(open(os.path.join(bucket_dir, k), "rb").read()).decode()
                       for k in objects(bucket_dir))
        return sorted(text.splitlines(keepends=True))
    try:
        wait_for("every record in the folder", lambda: os.path.isdir(bucket_dir) and delivered() == expected)
    except Exception:
        print("delivered:", delivered() if os.path.isdir(bucket_dir) else "no folder")
        raise
    for key in objects(bucket_dir):
        check(KEY.match(key), f"key {key} is not Firehose's layout")

    step("UpdateDestination and its version check")
    expect_error("ConcurrentModificationException", fh.update_destination, DeliveryStreamName="boto",
                 CurrentDeliveryStreamVersionId="9", DestinationId="destinationId-000000000001",
                 ExtendedS3DestinationUpdate={"Prefix": "other/"})
    fh.update_destination(DeliveryStreamName="boto", CurrentDeliveryStreamVersionId="1",
                          DestinationId="destinationId-000000000001",
                          ExtendedS3DestinationUpdate={"Prefix": "other/"})
    check(fh.describe_delivery_stream(DeliveryStreamName="boto")["DeliveryStreamDescription"]["VersionId"] == "2",
          "version 2")

    step("KinesisStreamAsSource: a delivery stream reading a Riffle stream from LATEST at its creation")
    kinesis = boto3.client("kinesis", endpoint_url=endpoint, region_name="us-east-1",
                           config=Config(retries={"total_max_attempts": 1}))
    kinesis.create_stream(StreamName="boto-src", ShardCount=2)
    wait_for("boto-src ACTIVE", lambda: kinesis.describe_stream_summary(StreamName="boto-src")
             ["StreamDescriptionSummary"]["StreamStatus"] == "ACTIVE")
    stream_arn = kinesis.describe_stream_summary(StreamName="boto-src")["StreamDescriptionSummary"]["StreamARN"]
    kinesis.put_record(StreamName="boto-src", PartitionKey="k", Data=b"before\n")  # before: not delivered
    fh.create_delivery_stream(
        DeliveryStreamName="boto-ks", DeliveryStreamType="KinesisStreamAsSource",
        KinesisStreamSourceConfiguration={"KinesisStreamARN": stream_arn, "RoleARN": ROLE},
        ExtendedS3DestinationConfiguration={"RoleARN": ROLE, "BucketARN": "arn:aws:s3:::fh-boto-ks",
                                            "BufferingHints": {"SizeInMBs": 1, "IntervalInSeconds": 1}})
    wait_for("boto-ks ACTIVE", lambda: fh.describe_delivery_stream(DeliveryStreamName="boto-ks")
             ["DeliveryStreamDescription"]["DeliveryStreamStatus"] == "ACTIVE")
    source = cli(endpoint, "describe-delivery-stream", "--delivery-stream-name", "boto-ks")[
        "DeliveryStreamDescription"]["Source"]["KinesisStreamSourceDescription"]
    check(source["KinesisStreamARN"] == stream_arn and "DeliveryStartTimestamp" in source, source)
    e = expect_error("InvalidArgumentException", fh.put_record, DeliveryStreamName="boto-ks", Record={"Data": b"x"})
    check(e.response["Error"]["Message"]
          == "This operation is not permitted on KinesisStreamAsSource delivery stream type.", e.response)
    sourced = [f"src-{i}\n" for i in range(50)]
    kinesis.put_records(StreamName="boto-src", Records=[{"PartitionKey": f"k{i}", "Data": line.encode()}
                                                          for i, line in enumerate(sourced)])
    ks_dir = os.path.join(data_dir, "s3", "fh-boto-ks")

    def delivered_from_stream():
        return sorted("".join(open(os.path.join(ks_dir, k)).read() for k in objects(ks_dir))
                      .splitlines(keepends=True))
    wait_for("the stream's records in the folder",
             lambda: os.path.isdir(ks_dir) and delivered_from_stream() == sorted(sourced))

    step("Snappy objects (read back by hand) and the source record backup, through boto3 and the AWS CLI")
    fh.create_delivery_stream(
        DeliveryStreamName="boto-snappy",
        ExtendedS3DestinationConfiguration={"RoleARN": ROLE, "BucketARN": "arn:aws:s3:::fh-boto-snappy",
                                            "BufferingHints": {"SizeInMBs": 1, "IntervalInSeconds": 1},
                                            "CompressionFormat": "Snappy", "S3BackupMode": "Enabled",
                                            "S3BackupConfiguration": {"RoleARN": ROLE, "Prefix": "src/",
                                                                      "BucketARN": "arn:aws:s3:::fh-boto-backup"}})
    wait_for("boto-snappy ACTIVE", lambda: fh.describe_delivery_stream(DeliveryStreamName="boto-snappy")
             ["DeliveryStreamDescription"]["DeliveryStreamStatus"] == "ACTIVE")
    readings = [f"reading {i} " * 8 + "\n" for i in range(200)]
    check(fh.put_record_batch(DeliveryStreamName="boto-snappy", Records=[{"Data": r.encode()} for r in readings])
          ["FailedPutCount"] == 0, "snappy batch")
    snappy_dir = os.path.join(data_dir, "s3", "fh-boto-snappy")
    backup_dir = os.path.join(data_dir, "s3", "fh-boto-backup")

    def unsnapped():
        return "".join(snappy_framed(open(os.path.join(snappy_dir, k), "rb").read()).decode()
                       for k in objects(snappy_dir))

    def backed_up():
        return "".join(open(os.path.join(backup_dir, k)).read() for k in objects(backup_dir))
    wait_for("the Snappy objects and their backup", lambda: os.path.isdir(snappy_dir) and os.path.isdir(backup_dir)
             and unsnapped() == "".join(readings) and backed_up() == "".join(readings))
    check(all(k.endswith(".snappy") for k in objects(snappy_dir)), objects(snappy_dir))
    check(all(k.startswith("src/") for k in objects(backup_dir)), objects(backup_dir))
    s3_description = cli(endpoint, "describe-delivery-stream", "--delivery-stream-name", "boto-snappy")[
        "DeliveryStreamDescription"]["Destinations"][0]["ExtendedS3DestinationDescription"]
    check(s3_description["S3BackupMode"] == "Enabled" and s3_description["CompressionFormat"] == "Snappy"
          and s3_description["S3BackupDescription"]["Prefix"] == "src/", s3_description)

    step("an HttpEndpoint destination: Firehose's requests to an endpoint served here, GZIP, the access key")
    received = []

    class Endpoint(BaseHTTPRequestHandler):
        def do_POST(self):
            raw = self.rfile.read(int(self.headers["Content-Length"]))
            body = json.loads(gzip.decompress(raw) if self.headers.get("Content-Encoding") == "gzip" else raw)
            received.append((dict(self.headers), body))
            answer = json.dumps({"requestId": body["requestId"], "timestamp": int(time.time() * 1000)}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            pass
    server = HTTPServer(("127.0.0.1", 0), Endpoint)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/ingest"
        fh.create_delivery_stream(
            DeliveryStreamName="boto-web",
            HttpEndpointDestinationConfiguration={
                "EndpointConfiguration": {"Url": url, "Name": "web", "AccessKey": "py-key"},
                "BufferingHints": {"SizeInMBs": 1, "IntervalInSeconds": 1},
                "RequestConfiguration": {"ContentEncoding": "GZIP"},
                "S3Configuration": {"RoleARN": ROLE, "BucketARN": "arn:aws:s3:::fh-boto-web"}})
        wait_for("boto-web ACTIVE", lambda: fh.describe_delivery_stream(DeliveryStreamName="boto-web")
                 ["DeliveryStreamDescription"]["DeliveryStreamStatus"] == "ACTIVE")
        web = [f"web-{i}\n" for i in range(30)]
        check(fh.put_record_batch(DeliveryStreamName="boto-web", Records=[{"Data": w.encode()} for w in web])
              ["FailedPutCount"] == 0, "web batch")
        wait_for("the endpoint's request", lambda: len(received) >= 1)
        headers, body = received[0]
        check(headers["X-Amz-Firehose-Protocol-Version"] == "1.0" and headers["X-Amz-Firehose-Access-Key"] == "py-key"
              and headers["X-Amz-Firehose-Request-Id"] == body["requestId"]
              and headers["X-Amz-Firehose-Source-Arn"].endswith(":deliverystream/boto-web"), headers)
        check("".join(base64.b64decode(r["data"]).decode() for r in body["records"]) == "".join(web), body)
        http_description = cli(endpoint, "describe-delivery-stream", "--delivery-stream-name", "boto-web")[
            "DeliveryStreamDescription"]["Destinations"][0]["HttpEndpointDestinationDescription"]
        check(http_description["EndpointConfiguration"] == {"Url": url, "Name": "web"}, http_description)
    finally:
        server.shutdown()

    step("errors")
    e = expect_error("ResourceNotFoundException", fh.describe_delivery_stream, DeliveryStreamName="missing")
    check(e.response["Error"]["Message"] == "Firehose missing under account 000000000000 not found.", e.response)
    e = expect_error("ValidationException", fh.put_record_batch, DeliveryStreamName="boto",
                     Records=[{"Data": b"x"}] * 501)
    check("Member must have length less than or equal to 500" in e.response["Error"]["Message"], e.response)
    e = expect_error("InvalidArgumentException", fh.create_delivery_stream, DeliveryStreamName="nobackup",
                     ExtendedS3DestinationConfiguration={"RoleARN": ROLE, "BucketARN": "arn:aws:s3:::b",
                                                         "S3BackupMode": "Enabled"})
    check("S3BackupConfiguration is required" in e.response["Error"]["Message"], e.response)
    expect_error("ResourceInUseException", fh.create_delivery_stream, DeliveryStreamName="boto",
                 ExtendedS3DestinationConfiguration={"RoleARN": ROLE, "BucketARN": "arn:aws:s3:::fh-boto"})

    step("DeleteDeliveryStream")
    fh.delete_delivery_stream(DeliveryStreamName="boto")
    wait_for("boto gone", lambda: "boto" not in fh.list_delivery_streams(Limit=100)["DeliveryStreamNames"])
    print("OK: the Firehose boto3 scenario passed")


if __name__ == "__main__":
    run(main, __doc__, arguments=2)
