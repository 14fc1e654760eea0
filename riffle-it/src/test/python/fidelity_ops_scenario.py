#!/usr/bin/env python3
"""Issue 12's remaining operations through boto3 (JSON 1.1), against a fresh Riffle server whose
consumers stay CREATING (consumer-create-delay-ms), with fast on-demand scaling:

    python3 fidelity_ops_scenario.py http://127.0.0.1:4567

DescribeLimits, DescribeAccountSettings/UpdateAccountSettings (the commitment's 24 h minimum),
UpdateStreamWarmThroughput (refused without the commitment and on a provisioned stream; reported by
DescribeStreamSummary; the on-demand stream scaled up to it), consumer tags by ARN, and the rule of
at most 5 consumers CREATING at once. Exits 1 naming the step on a mismatch.
"""
import datetime
import time
import uuid

from scenario_kit import Config, boto3, botocore, check, expect_error, run, step  # noqa: F401

DEADLINE_S = 60
ACCOUNT = "000000000000"


def summary(kinesis, name):
    return kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]


def wait(what, condition):
    end = time.monotonic() + DEADLINE_S
    while not condition():
        check(time.monotonic() < end, f"{what} after {DEADLINE_S} s")
        time.sleep(0.05)


def create(kinesis, name, **kwargs):
    kinesis.create_stream(StreamName=name, **kwargs)
    wait(f"{name} not ACTIVE", lambda: summary(kinesis, name)["StreamStatus"] == "ACTIVE")
    return summary(kinesis, name)["StreamARN"]


def main(endpoint):
    kinesis = boto3.client("kinesis", endpoint_url=endpoint)
    # botocore retries LimitExceededException as throttling: one attempt to see it as the service answers it
    once = boto3.client("kinesis", endpoint_url=endpoint, config=Config(retries={"total_max_attempts": 1}))
    suffix = uuid.uuid4().hex[:8]

    step("describe_limits and the account settings")
    provisioned = "prov-" + suffix
    create(kinesis, provisioned, ShardCount=2)
    limits = kinesis.describe_limits()
    check(limits["ShardLimit"] == 500 and limits["OpenShardCount"] == 2, f"limits {limits}")
    check(limits["OnDemandStreamCount"] == 0 and limits["OnDemandStreamCountLimit"] == 50, f"limits {limits}")
    commitment = kinesis.describe_account_settings()["MinimumThroughputBillingCommitment"]
    check(commitment == {"Status": "DISABLED"}, f"a new account's commitment {commitment}")

    step("warm throughput needs the commitment and an on-demand stream")
    on_demand = "warm-" + suffix
    create(kinesis, on_demand, StreamModeDetails={"StreamMode": "ON_DEMAND"})
    expect_error("ValidationException", kinesis.update_stream_warm_throughput, StreamName=on_demand,
                 WarmThroughputMiBps=6)
    enabled = kinesis.update_account_settings(MinimumThroughputBillingCommitment={"Status": "ENABLED"})
    started = enabled["MinimumThroughputBillingCommitment"]
    check(started["Status"] == "ENABLED", f"enabled {started}")
    check(started["EarliestAllowedEndAt"] - started["StartedAt"] == datetime.timedelta(hours=24), f"{started}")
    expect_error("ValidationException", kinesis.update_stream_warm_throughput, StreamName=provisioned,
                 WarmThroughputMiBps=6)
    expect_error("LimitExceededException", once.update_stream_warm_throughput, StreamName=on_demand,
                 WarmThroughputMiBps=20000)
    out = kinesis.update_stream_warm_throughput(StreamName=on_demand, WarmThroughputMiBps=6)
    check(out["WarmThroughput"] == {"TargetMiBps": 6, "CurrentMiBps": 4}, f"answer {out}")
    wait("not scaled to 6 shards", lambda: summary(kinesis, on_demand)["OpenShardCount"] == 6
         and summary(kinesis, on_demand)["StreamStatus"] == "ACTIVE")
    warm = summary(kinesis, on_demand)["WarmThroughput"]
    check(warm == {"TargetMiBps": 6, "CurrentMiBps": 6}, f"DescribeStreamSummary WarmThroughput {warm}")
    ending = kinesis.update_account_settings(MinimumThroughputBillingCommitment={"Status": "DISABLED"})
    check(ending["MinimumThroughputBillingCommitment"]["Status"] == "ENABLED_UNTIL_EARLIEST_ALLOWED_END",
          f"disabled within 24 h: {ending}")

    step("consumer tags by ARN, and at most 5 consumers CREATING")
    arn = summary(kinesis, provisioned)["StreamARN"]
    consumers = []
    for i in range(5):
        tags = {"Tags": {"team": "blue"}} if i == 0 else {}  # an empty TagMap is invalid (the model's min 1)
        consumer = kinesis.register_stream_consumer(StreamARN=arn, ConsumerName=f"c{i}", **tags)["Consumer"]
        consumers.append(consumer["ConsumerARN"])
    error = expect_error("LimitExceededException", once.register_stream_consumer, StreamARN=arn, ConsumerName="c5")
    check("5 consumers in CREATING status" in error.response["Error"]["Message"], f"{error}")
    kinesis.tag_resource(ResourceARN=consumers[0], Tags={"tier": "1"})
    kinesis.untag_resource(ResourceARN=consumers[0], TagKeys=["team"])
    tags = kinesis.list_tags_for_resource(ResourceARN=consumers[0])["Tags"]
    check(tags == [{"Key": "tier", "Value": "1"}], f"consumer tags {tags}")
    check(kinesis.list_tags_for_resource(ResourceARN=arn)["Tags"] == [], "the stream got the consumer's tags")
    expect_error("InvalidArgumentException", kinesis.tag_resource, ResourceARN=consumers[0], Tags={"a,b": "c"})
    print("OK: the boto3 fidelity operations scenario passed")


if __name__ == "__main__":
    run(main, __doc__)
