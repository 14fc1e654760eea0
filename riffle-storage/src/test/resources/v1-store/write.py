import boto3, sys, time
from botocore.config import Config
port, stream, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
k = boto3.client("kinesis", endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1",
                 aws_access_key_id="x", aws_secret_access_key="x", config=Config(retries={"max_attempts": 10}))
k.create_stream(StreamName=stream, ShardCount=2)
for _ in range(100):
    if k.describe_stream_summary(StreamName=stream)["StreamDescriptionSummary"]["StreamStatus"] == "ACTIVE":
        break
    time.sleep(0.1)
entries = []
for i in range(n):
    e = {"Data": f"{stream} record {i}".encode(), "PartitionKey": f"pk-{i}"}
    if i % 3 == 0:
        e["ExplicitHashKey"] = str(i * 1000003)
    entries.append(e)
for start in range(0, n, 50):
    r = k.put_records(StreamName=stream, Records=entries[start:start + 50])
    assert r.get("FailedRecordCount", 0) == 0, r
k.put_record(StreamName=stream, Data=b"", PartitionKey="empty-data") if False else None
print("wrote", n)
