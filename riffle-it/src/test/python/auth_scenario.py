"""boto3 against a Riffle server with auth=sigv4: the environment's credentials (the server's root
keys) work for Kinesis and STS; so do the session credentials STS GetSessionToken gives for them; a
wrong secret, an unknown key, a clock off by more than the service's window (botocore's clock patched),
an expired session (EXPIRED_ACCESS_KEY_ID, EXPIRED_SECRET_ACCESS_KEY, EXPIRED_SESSION_TOKEN) and STS's
own words for them each give AWS's exact error.

Usage: python3 auth_scenario.py ENDPOINT
"""
import datetime
import os
import re

import botocore.auth
from scenario_kit import Config, boto3, check, expect_error, run, step, ClientError

SIGNATURE_MISMATCH = ("The request signature we calculated does not match the signature you provided. Check your "
                      "AWS Secret Access Key and signing method. Consult the service documentation for details.")
INVALID_TOKEN = "The security token included in the request is invalid."
EXPIRED_TOKEN = "The security token included in the request is expired"
NO_RETRIES = Config(retries={"total_max_attempts": 1})


def client(service, endpoint, key=None, secret=None, token=None):
    return boto3.client(service, endpoint_url=endpoint, region_name="us-east-1", config=NO_RETRIES,
                        aws_access_key_id=key or os.environ["AWS_ACCESS_KEY_ID"],
                        aws_secret_access_key=secret or os.environ["AWS_SECRET_ACCESS_KEY"],
                        aws_session_token=token)


def session_client(service, endpoint, credentials):
    return client(service, endpoint, credentials["AccessKeyId"], credentials["SecretAccessKey"],
                  credentials["SessionToken"])


def expect_sts_error(code, message, call, status=403):
    try:
        call()
    except ClientError as e:
        error = e.response["Error"]
        check(error.get("Code") == code, f"expected {code}, got {error}")
        check(error.get("Message") == message, f"expected message {message!r}, got {error.get('Message')!r}")
        got = e.response["ResponseMetadata"]["HTTPStatusCode"]
        check(got == status, f"expected HTTP {status} for {code}, got {got}")
        return
    raise AssertionError(f"expected {code}, but the call succeeded")


def clock_off_by(delta):
    """Patches botocore's signing clock (as a client with a wrong clock signs); returns the undo."""
    real = botocore.auth.get_current_datetime
    botocore.auth.get_current_datetime = lambda: real() + delta
    return lambda: setattr(botocore.auth, "get_current_datetime", real)


def main(endpoint):
    kinesis = client("kinesis", endpoint)
    step("the root credentials work: create, put, get")
    kinesis.create_stream(StreamName="boto-auth", ShardCount=1)
    kinesis.get_waiter("stream_exists").wait(StreamName="boto-auth", WaiterConfig={"Delay": 0.2})
    put = kinesis.put_records(StreamName="boto-auth",
                              Records=[{"PartitionKey": "k", "Data": f"signed-{i}".encode()} for i in range(5)])
    check(put["FailedRecordCount"] == 0, f"put_records failed: {put}")
    iterator = kinesis.get_shard_iterator(StreamName="boto-auth", ShardId="shardId-000000000000",
                                          ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    records = kinesis.get_records(ShardIterator=iterator)["Records"]
    check([r["Data"] for r in records] == [f"signed-{i}".encode() for i in range(5)], f"records: {records}")

    step("STS GetCallerIdentity answers the root")
    identity = client("sts", endpoint).get_caller_identity()
    check(identity["Arn"] == "arn:aws:iam::000000000000:root", f"identity: {identity}")

    step("a wrong secret: InvalidSignatureException / SignatureDoesNotMatch")
    e = expect_error("InvalidSignatureException", client("kinesis", endpoint, secret="wrong").list_streams)
    check(e.response["Error"]["Message"] == SIGNATURE_MISMATCH, f"message: {e.response['Error']}")
    expect_sts_error("SignatureDoesNotMatch", SIGNATURE_MISMATCH,
                     client("sts", endpoint, secret="wrong").get_caller_identity)

    step("an unknown key: UnrecognizedClientException / InvalidClientTokenId")
    e = expect_error("UnrecognizedClientException", client("kinesis", endpoint, key="AKIAUNKNOWNKEY000000").list_streams)
    check(e.response["Error"]["Message"] == INVALID_TOKEN, f"message: {e.response['Error']}")
    expect_sts_error("InvalidClientTokenId", INVALID_TOKEN,
                     client("sts", endpoint, key="AKIAUNKNOWNKEY000000").get_caller_identity)

    step("a clock 10 minutes ahead: Kinesis (5 min) refuses, STS (15 min) accepts")
    undo = clock_off_by(datetime.timedelta(minutes=10))
    try:
        e = expect_error("InvalidSignatureException", client("kinesis", endpoint).list_streams)
        message = e.response["Error"]["Message"]
        check(re.fullmatch(r"Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z "
                           r"\(\d{8}T\d{6}Z \+ 5 min\.\)", message), f"message: {message}")
        check(client("sts", endpoint).get_caller_identity()["Account"] == "000000000000", "STS within 15 min")
    finally:
        undo()
    step("a clock 20 minutes behind: STS refuses too")
    undo = clock_off_by(datetime.timedelta(minutes=-20))
    try:
        try:
            client("sts", endpoint).get_caller_identity()
            raise AssertionError("STS accepted a clock 20 minutes behind")
        except ClientError as e:
            error = e.response["Error"]
            check(error["Code"] == "SignatureDoesNotMatch", f"error: {error}")
            check(re.fullmatch(r"Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z "
                               r"\(\d{8}T\d{6}Z - 15 min\.\)", error["Message"]), f"message: {error['Message']}")
    finally:
        undo()
    step("GetSessionToken: the session's credentials put, get and are the root to STS")
    credentials = client("sts", endpoint).get_session_token(DurationSeconds=900)["Credentials"]
    check(re.fullmatch(r"ASIA[A-Z2-7]{16}", credentials["AccessKeyId"]), f"key id: {credentials['AccessKeyId']}")
    session_kinesis = session_client("kinesis", endpoint, credentials)
    put = session_kinesis.put_record(StreamName="boto-auth", PartitionKey="k", Data=b"from a session")
    records = session_kinesis.get_records(ShardIterator=session_kinesis.get_shard_iterator(
        StreamName="boto-auth", ShardId="shardId-000000000000", ShardIteratorType="AT_SEQUENCE_NUMBER",
        StartingSequenceNumber=put["SequenceNumber"])["ShardIterator"])["Records"]
    check([r["Data"] for r in records] == [b"from a session"], f"records: {records}")
    session_sts = session_client("sts", endpoint, credentials)
    check(session_sts.get_caller_identity()["Arn"] == "arn:aws:iam::000000000000:root", "the session's identity")
    expect_sts_error("AccessDenied", "Cannot call GetSessionToken with session credentials",
                     session_sts.get_session_token)
    # botocore checks the model's minimum itself; without that check the server answers as STS does
    unvalidated_sts = boto3.client("sts", endpoint_url=endpoint, region_name="us-east-1",
                                   config=Config(retries={"total_max_attempts": 1}, parameter_validation=False))
    expect_sts_error("ValidationError", "1 validation error detected: Value '899' at 'durationSeconds' failed to "
                     "satisfy constraint: Member must have value greater than or equal to 900",
                     lambda: unvalidated_sts.get_session_token(DurationSeconds=899), status=400)

    step("a session with a clock 10 minutes ahead: Signature not yet current")
    undo = clock_off_by(datetime.timedelta(minutes=10))
    try:
        e = expect_error("InvalidSignatureException", session_kinesis.list_streams)
        check(e.response["Error"]["Message"].startswith("Signature not yet current: "), f"error: {e.response['Error']}")
    finally:
        undo()

    step("an expired session: ExpiredTokenException (Kinesis, 400) / ExpiredToken (STS, 403)")
    expired = {"AccessKeyId": os.environ["EXPIRED_ACCESS_KEY_ID"],
               "SecretAccessKey": os.environ["EXPIRED_SECRET_ACCESS_KEY"],
               "SessionToken": os.environ["EXPIRED_SESSION_TOKEN"]}
    e = expect_error("ExpiredTokenException", session_client("kinesis", endpoint, expired).list_streams)
    check(e.response["Error"]["Message"] == EXPIRED_TOKEN, f"message: {e.response['Error']}")
    expect_sts_error("ExpiredToken", EXPIRED_TOKEN, session_client("sts", endpoint, expired).get_caller_identity)

    step("a session key with another session's token: UnrecognizedClientException")
    mixed = dict(credentials, SessionToken=expired["SessionToken"])
    e = expect_error("UnrecognizedClientException", session_client("kinesis", endpoint, mixed).list_streams)
    check(e.response["Error"]["Message"] == INVALID_TOKEN, f"message: {e.response['Error']}")
    print("OK auth scenario")


if __name__ == "__main__":
    run(main, __doc__)
