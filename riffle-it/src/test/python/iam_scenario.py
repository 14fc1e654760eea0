"""boto3 with an IAM user's keys against a Riffle server with auth=sigv4 (the Java test made the user
with the AWS CLI and gave it a policy allowing only kinesis:PutRecords on stream A): PutRecords on A
works, every other call is AccessDeniedException with AWS's exact text; IAM itself refuses the user
(AccessDenied, 403).

Usage: python3 iam_scenario.py ENDPOINT ACCESS_KEY_ID SECRET_ACCESS_KEY STREAM_A STREAM_B
"""
from scenario_kit import Config, boto3, check, expect_error, run, step, ClientError

ACCOUNT = "000000000000"
NO_RETRIES = Config(retries={"total_max_attempts": 1})


def denial(user_arn, action, resource):
    return (f"User: {user_arn} is not authorized to perform: {action} on resource: {resource} "
            f"because no identity-based policy allows the {action} action")


def stream_arn(name):
    return f"arn:aws:kinesis:us-east-1:{ACCOUNT}:stream/{name}"


def main(endpoint, key, secret, stream_a, stream_b):
    session = boto3.session.Session(aws_access_key_id=key, aws_secret_access_key=secret, region_name="us-east-1")
    kinesis = session.client("kinesis", endpoint_url=endpoint, config=NO_RETRIES)
    user = session.client("sts", endpoint_url=endpoint, config=NO_RETRIES).get_caller_identity()["Arn"]
    check(user == f"arn:aws:iam::{ACCOUNT}:user/writer", f"caller: {user}")

    step("PutRecords on stream A is allowed")
    put = kinesis.put_records(StreamName=stream_a, Records=[{"PartitionKey": "k", "Data": b"from boto3"}])
    check(put["FailedRecordCount"] == 0, f"put_records: {put}")

    step("everything else is AccessDeniedException with AWS's text")
    for action, call in [
        ("kinesis:PutRecord", lambda: kinesis.put_record(StreamName=stream_a, PartitionKey="k", Data=b"x")),
        ("kinesis:DescribeStreamSummary", lambda: kinesis.describe_stream_summary(StreamName=stream_a)),
        ("kinesis:DeleteStream", lambda: kinesis.delete_stream(StreamName=stream_a)),
    ]:
        e = expect_error("AccessDeniedException", call)
        message = e.response["Error"]["Message"]
        check(message == denial(user, action, stream_arn(stream_a)), f"message: {message}")
    e = expect_error("AccessDeniedException", kinesis.put_records, StreamName=stream_b,
                     Records=[{"PartitionKey": "k", "Data": b"x"}])
    check(e.response["Error"]["Message"] == denial(user, "kinesis:PutRecords", stream_arn(stream_b)),
          f"message: {e.response['Error']['Message']}")

    step("IAM refuses the user: AccessDenied, 403")
    try:
        session.client("iam", endpoint_url=endpoint, config=NO_RETRIES).create_user(UserName="intruder")
        raise AssertionError("IAM let a user without iam:CreateUser create a user")
    except ClientError as e:
        error = e.response["Error"]
        check(error["Code"] == "AccessDenied", f"error: {error}")
        check(e.response["ResponseMetadata"]["HTTPStatusCode"] == 403, f"status: {e.response['ResponseMetadata']}")
        check(error["Message"] == f"User: {user} is not authorized to perform: iam:CreateUser on resource: "
              f"arn:aws:iam::{ACCOUNT}:user/intruder because no identity-based policy allows the iam:CreateUser "
              "action", f"message: {error['Message']}")
    print("OK iam scenario")


if __name__ == "__main__":
    run(main, __doc__, arguments=5)
