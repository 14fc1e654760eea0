"""Captures requests exactly as boto3 signs and sends them (botocore's before-send hook sees the final,
signed request and answers it instead of the network), with a fixed clock and fixed credentials, into
boto3-*.json for SdkCapturedRequestsTest. Run from this directory: python3 capture_boto3.py
"""
import base64
import datetime
import json

import boto3
import botocore.auth
from botocore.awsrequest import AWSResponse

TIME = datetime.datetime(2026, 12, 4, 7, 30, 0)
KEY, SECRET = "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
SESSION_KEY, SESSION_SECRET = "ASIAIOSFODNN7EXAMPLE", "session/secret/of/the/captured/requests0"
SESSION_TOKEN = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA=="
captured = {}


def capture(request, **kwargs):
    captured["request"] = request
    return AWSResponse(request.url, 400, {}, None)


def record(name, service, call, key, secret, token=None, region="us-east-1"):
    botocore.auth.get_current_datetime = lambda: TIME
    client = boto3.client(service, endpoint_url="http://127.0.0.1:4567", region_name=region,
                          aws_access_key_id=key, aws_secret_access_key=secret, aws_session_token=token)
    client.meta.events.register("before-send", capture)
    try:
        call(client)
    except Exception:
        pass  # the captured request was answered with an empty 400
    r = captured.pop("request")
    path, _, query = r.url.split("://", 1)[1].partition("/")[2].partition("?")
    body = r.body if isinstance(r.body, bytes) else (r.body or "").encode()
    headers = [[k, v.decode() if isinstance(v, bytes) else v] for k, v in r.headers.items()]
    headers.append(["Host", "127.0.0.1:4567"])  # what urllib3 adds from the URL when it sends the request
    with open(f"boto3-{name}.json", "w") as out:
        json.dump({"sdk": "boto3 " + boto3.__version__, "service": service, "region": region,
                   "accessKeyId": key, "secretAccessKey": secret, "sessionToken": token,
                   "time": TIME.strftime("%Y-%m-%dT%H:%M:%SZ"), "method": r.method, "path": "/" + path,
                   "query": query, "headers": headers,
                   "bodyBase64": base64.b64encode(body).decode()}, out, indent=1)
        out.write("\n")


record("kinesis-put-record", "kinesis",
       lambda c: c.put_record(StreamName="golden", PartitionKey="k", Data=b"captured"), KEY, SECRET)
record("kinesis-put-record-session", "kinesis",
       lambda c: c.put_record(StreamName="golden", PartitionKey="k", Data=b"captured"),
       SESSION_KEY, SESSION_SECRET, SESSION_TOKEN)
record("sts-get-caller-identity", "sts", lambda c: c.get_caller_identity(), KEY, SECRET)
record("dynamodb-get-item", "dynamodb",
       lambda c: c.get_item(TableName="leases", Key={"leaseKey": {"S": "shardId-000000000000"}}), KEY, SECRET)
