#!/usr/bin/env python3
"""A resharding scenario through boto3 (JSON 1.1 over HTTP/1.1), against a Riffle endpoint.

    python3 reshard_scenario.py http://127.0.0.1:4567

Creates a 2-shard stream, writes records, splits shard 0, merges the upper child with shard 1,
checks ListShards (plain and with ShardFilter) and the lineage, then reads every record back
the way KCL does (a child only after all its parents ended, children taken from ChildShards)
and checks that each record written is read exactly once and in write order per partition key.

Credentials and region come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY /
AWS_DEFAULT_REGION (any values). Prints each step; exits 1 with a message naming the step on
the first mismatch, 2 on a usage error.
"""
import hashlib
import time
import uuid

from scenario_kit import ClientError, Config, Mismatch, boto3, botocore, check, expect_error, run, step  # noqa: F401

MAX_HASH = 2 ** 128 - 1
DEADLINE_S = 30


def wait_active(kinesis, name, what):
    """Polls DescribeStreamSummary every 50 ms until ACTIVE, at most DEADLINE_S."""
    end = time.monotonic() + DEADLINE_S
    while True:
        status = kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]["StreamStatus"]
        if status == "ACTIVE":
            return
        check(time.monotonic() < end, f"{what}: stream still {status} after {DEADLINE_S} s")
        time.sleep(0.05)


def list_shards(kinesis, name, shard_filter=None):
    kwargs = {"StreamName": name}
    if shard_filter is not None:
        kwargs["ShardFilter"] = shard_filter
    out = kinesis.list_shards(**kwargs)
    shards = list(out["Shards"])
    while out.get("NextToken"):
        more = {"NextToken": out["NextToken"]}
        if shard_filter is not None:
            more["ShardFilter"] = shard_filter
        out = kinesis.list_shards(**more)
        shards.extend(out["Shards"])
    return shards


def ids(shards):
    return [s["ShardId"] for s in shards]


def rng(shard):
    r = shard["HashKeyRange"]
    return int(r["StartingHashKey"]), int(r["EndingHashKey"])


def check_coverage(open_shards, what):
    """Open shards cover 0..2^128-1 with no gap and no overlap."""
    expected = 0
    for s in sorted(open_shards, key=lambda s: rng(s)[0]):
        start, end = rng(s)
        check(start == expected, f"{what}: {s['ShardId']} starts at {start}, expected {expected} "
                                 f"(gap or overlap) in {[(x['ShardId'], rng(x)) for x in open_shards]}")
        check(end >= start, f"{what}: {s['ShardId']} ends before it starts")
        check("EndingSequenceNumber" not in s["SequenceNumberRange"],
              f"{what}: open shard {s['ShardId']} has an EndingSequenceNumber")
        expected = end + 1
    check(expected == MAX_HASH + 1, f"{what}: the open shards end at {expected - 1}, not 2^128-1")


class Writer:
    """put_records over a few keys; each record is b'<key>:<counter>', counters per key in write order."""

    def __init__(self, kinesis, name):
        self.kinesis = kinesis
        self.name = name
        self.next = {}
        self.acked = {}  # "key:counter" -> (shard id, sequence number)

    def put(self, count, keys=12):
        entries, record_ids = [], []
        for i in range(count):
            key = f"key-{(i * 7) % keys}"
            counter = self.next.get(key, 0)
            self.next[key] = counter + 1
            record_id = f"{key}:{counter}"
            record_ids.append(record_id)
            entries.append({"PartitionKey": key, "Data": record_id.encode()})
        out = self.kinesis.put_records(StreamName=self.name, Records=entries)
        check(out["FailedRecordCount"] == 0, f"put_records: FailedRecordCount {out['FailedRecordCount']}: "
                                             f"{[r for r in out['Records'] if 'ErrorCode' in r][:3]}")
        check(len(out["Records"]) == count, f"put_records answered {len(out['Records'])} entries for {count}")
        for record_id, result in zip(record_ids, out["Records"]):
            self.acked[record_id] = (result["ShardId"], result["SequenceNumber"])


def read_by_lineage(kinesis, name, roots):
    """Reads every shard from TRIM_HORIZON, a child only once all its parents ended; returns
    (reads as (shard id, record) in read order, {closed shard: its ChildShards}, shards still open)."""
    reads, children_at_end = [], {}
    started, finished = set(), set()
    waiting = {}  # child id -> ChildShard
    iterators = {}

    def start(shard_id):
        check(shard_id not in started, f"{shard_id} reached twice through ChildShards")
        started.add(shard_id)
        iterators[shard_id] = kinesis.get_shard_iterator(StreamName=name, ShardId=shard_id,
                                                         ShardIteratorType="TRIM_HORIZON")["ShardIterator"]

    for root in roots:
        start(root)
    end = time.monotonic() + DEADLINE_S
    while True:
        check(time.monotonic() < end, f"lineage read not done after {DEADLINE_S} s: reading {sorted(iterators)}, "
                                      f"finished {sorted(finished)}, waiting {sorted(waiting)}")
        quiet = True
        for shard_id in list(iterators):
            out = kinesis.get_records(ShardIterator=iterators[shard_id], Limit=40)
            reads.extend((shard_id, r) for r in out["Records"])
            quiet = quiet and not out["Records"]
            next_it = out.get("NextShardIterator")
            if next_it:
                check(not out.get("ChildShards"), f"{shard_id}: ChildShards {out.get('ChildShards')} "
                                                  f"together with a NextShardIterator")
                iterators[shard_id] = next_it
                continue
            # the end of a closed shard: no NextShardIterator, ChildShards with parents and ranges
            quiet = False
            del iterators[shard_id]
            finished.add(shard_id)
            children = out.get("ChildShards") or []
            check(children, f"get_records at the end of closed {shard_id}: no NextShardIterator and no ChildShards")
            children_at_end[shard_id] = children
            for c in children:
                check(shard_id in c.get("ParentShards", []),
                      f"{shard_id}: child {c.get('ShardId')} has ParentShards {c.get('ParentShards')}")
                hk = c.get("HashKeyRange") or {}
                check("StartingHashKey" in hk and "EndingHashKey" in hk,
                      f"{shard_id}: child {c.get('ShardId')} without a HashKeyRange: {c}")
                check(c["ShardId"] not in started, f"{shard_id}: child {c['ShardId']} started before its parents ended")
                waiting.setdefault(c["ShardId"], c)
        for child_id, c in list(waiting.items()):
            if all(p in finished for p in c["ParentShards"]):
                del waiting[child_id]
                start(child_id)
                quiet = False
        if quiet and not waiting:
            return reads, children_at_end, set(iterators)


def verify(writer, reads):
    """Every acknowledged record read once, where and as acknowledged; counters increasing per key."""
    seen, last_counter = set(), {}
    for shard_id, r in reads:
        record_id = r["Data"].decode()
        key, _, counter = record_id.rpartition(":")
        check(key == r["PartitionKey"], f"{record_id}: PartitionKey {r['PartitionKey']}")
        check(record_id not in seen, f"{record_id} read twice (again in {shard_id} at {r['SequenceNumber']})")
        seen.add(record_id)
        check(record_id in writer.acked, f"{record_id} read in {shard_id} but never written")
        check(writer.acked[record_id] == (shard_id, r["SequenceNumber"]),
              f"{record_id} acknowledged as {writer.acked[record_id]} but read as {(shard_id, r['SequenceNumber'])}")
        previous = last_counter.get(key, -1)
        check(int(counter) > previous, f"{key}: counter {counter} read after {previous}")
        last_counter[key] = int(counter)
    missing = sorted(set(writer.acked) - seen)
    check(not missing, f"{len(missing)} records written but never read, e.g. {missing[:5]}")


def main(endpoint):
    kinesis = boto3.client(
        "kinesis",
        endpoint_url=endpoint,
        config=Config(retries={"mode": "standard", "max_attempts": 3}, connect_timeout=5, read_timeout=60),
    )
    print(f"boto3 {boto3.__version__}, botocore {botocore.__version__}, endpoint {endpoint}")
    name = "boto3-reshard-" + uuid.uuid4().hex[:12]
    s0, s1, s2, s3, s4 = (f"shardId-{i:012d}" for i in range(5))

    step(f"create_stream {name} with 2 shards and write 120 records")
    kinesis.create_stream(StreamName=name, ShardCount=2)
    wait_active(kinesis, name, "create_stream")
    shards = list_shards(kinesis, name)
    check(ids(shards) == [s0, s1], f"shards {ids(shards)}")
    writer = Writer(kinesis, name)
    writer.put(120)
    for record_id, (shard_id, _) in writer.acked.items():
        h = int.from_bytes(hashlib.md5(record_id.split(":")[0].encode()).digest(), "big")
        owner = next(s["ShardId"] for s in shards if rng(s)[0] <= h <= rng(s)[1])
        check(shard_id == owner, f"{record_id} went to {shard_id}, its hash key belongs to {owner}")

    step(f"split_shard {s0} in the middle of its range")
    start0, end0 = rng(shards[0])
    middle = (start0 + end0 + 1) // 2
    expect_error("InvalidArgumentException", kinesis.split_shard, StreamName=name, ShardToSplit=s0,
                 NewStartingHashKey=str(end0 + 1))
    kinesis.split_shard(StreamName=name, ShardToSplit=s0, NewStartingHashKey=str(middle))
    wait_active(kinesis, name, "split_shard")
    shards = {s["ShardId"]: s for s in list_shards(kinesis, name)}
    check(sorted(shards) == [s0, s1, s2, s3], f"shards after the split {sorted(shards)}")
    check("EndingSequenceNumber" in shards[s0]["SequenceNumberRange"], f"{s0} has no EndingSequenceNumber")
    check(shards[s2].get("ParentShardId") == s0 and shards[s3].get("ParentShardId") == s0,
          f"ParentShardId of {s2}/{s3}: {shards[s2].get('ParentShardId')}/{shards[s3].get('ParentShardId')}")
    check(rng(shards[s2]) == (start0, middle - 1) and rng(shards[s3]) == (middle, end0),
          f"children ranges {rng(shards[s2])} {rng(shards[s3])}")
    expect_error("ResourceInUseException", kinesis.split_shard, StreamName=name, ShardToSplit=s0,
                 NewStartingHashKey=str(middle + 1))
    expect_error("InvalidArgumentException", kinesis.merge_shards, StreamName=name, ShardToMerge=s2,
                 AdjacentShardToMerge=s1)
    writer.put(120)

    step(f"merge_shards {s3} with {s1}")
    kinesis.merge_shards(StreamName=name, ShardToMerge=s3, AdjacentShardToMerge=s1)
    wait_active(kinesis, name, "merge_shards")
    merged_by = time.time()
    writer.put(120)
    all_shards = list_shards(kinesis, name)
    by_id = {s["ShardId"]: s for s in all_shards}
    check(ids(all_shards) == [s0, s1, s2, s3, s4], f"shards after the merge {ids(all_shards)}")
    check(by_id[s4].get("ParentShardId") == s3 and by_id[s4].get("AdjacentParentShardId") == s1,
          f"lineage of {s4}: {by_id[s4].get('ParentShardId')} / {by_id[s4].get('AdjacentParentShardId')}")
    check(rng(by_id[s4]) == (middle, MAX_HASH), f"{s4} range {rng(by_id[s4])}")
    for s in all_shards:
        for parent in (s.get("ParentShardId"), s.get("AdjacentParentShardId")):
            if parent is not None:
                check(parent in by_id and "EndingSequenceNumber" in by_id[parent]["SequenceNumberRange"],
                      f"{s['ShardId']} names {parent} as parent, which is not a listed closed shard")
    summary = kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]
    check(summary["OpenShardCount"] == 2, f"OpenShardCount {summary['OpenShardCount']}")

    step("list_shards with ShardFilter")
    latest = list_shards(kinesis, name, {"Type": "AT_LATEST"})
    check(ids(latest) == [s2, s4], f"AT_LATEST {ids(latest)}")
    check_coverage(latest, "AT_LATEST")
    trim = list_shards(kinesis, name, {"Type": "AT_TRIM_HORIZON"})
    check(ids(trim) == [s0, s1], f"AT_TRIM_HORIZON {ids(trim)}")
    from_trim = list_shards(kinesis, name, {"Type": "FROM_TRIM_HORIZON"})
    check(ids(from_trim) == [s0, s1, s2, s3, s4], f"FROM_TRIM_HORIZON {ids(from_trim)}")
    after = list_shards(kinesis, name, {"Type": "AFTER_SHARD_ID", "ShardId": s2})
    check(ids(after) == [s3, s4], f"AFTER_SHARD_ID {s2}: {ids(after)}")
    # botocore sends JSON timestamps in whole seconds (truncated): wait for a second that begins after the merge
    deadline = time.monotonic() + 3
    while int(time.time()) <= merged_by:
        check(time.monotonic() < deadline, "the clock did not reach the next second")
        time.sleep(0.02)
    after_merge = int(time.time())
    now = list_shards(kinesis, name, {"Type": "AT_TIMESTAMP", "Timestamp": after_merge})
    check(ids(now) == [s2, s4], f"AT_TIMESTAMP {after_merge} (after the merge): {ids(now)}")
    since = list_shards(kinesis, name, {"Type": "FROM_TIMESTAMP", "Timestamp": after_merge})
    check(ids(since) == [s2, s4], f"FROM_TIMESTAMP {after_merge} (after the merge): {ids(since)}")
    created = kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]["StreamCreationTimestamp"]
    at_creation = list_shards(kinesis, name, {"Type": "FROM_TIMESTAMP", "Timestamp": created})
    check(ids(at_creation) == [s0, s1, s2, s3, s4], f"FROM_TIMESTAMP {created} (creation): {ids(at_creation)}")

    step("read every record back following lineage from the AT_TRIM_HORIZON shards")
    reads, children_at_end, still_open = read_by_lineage(kinesis, name, ids(trim))
    check(still_open == {s2, s4}, f"the read ended on {sorted(still_open)}, expected the open {s2}, {s4}")
    check(sorted(children_at_end) == [s0, s1, s3], f"closed shards read to their end: {sorted(children_at_end)}")
    check(sorted(c["ShardId"] for c in children_at_end[s0]) == [s2, s3], f"ChildShards of {s0}: {children_at_end[s0]}")
    for parent in (s1, s3):
        kids = children_at_end[parent]
        check([c["ShardId"] for c in kids] == [s4], f"ChildShards of {parent}: {kids}")
        check(sorted(kids[0]["ParentShards"]) == [s1, s3], f"ParentShards of {s4} seen from {parent}: {kids[0]}")
        check((int(kids[0]["HashKeyRange"]["StartingHashKey"]), int(kids[0]["HashKeyRange"]["EndingHashKey"]))
              == (middle, MAX_HASH), f"HashKeyRange of {s4} seen from {parent}: {kids[0]['HashKeyRange']}")
    verify(writer, reads)
    check(len(reads) == 360, f"{len(reads)} records read, 360 written")
    print(f"read {len(reads)} records: {dict((s, sum(1 for x, _ in reads if x == s)) for s in sorted(by_id))}")

    step("the closed shard still reads from TRIM_HORIZON")
    it = kinesis.get_shard_iterator(StreamName=name, ShardId=s0, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    out = kinesis.get_records(ShardIterator=it)
    expected = [r["SequenceNumber"] for x, r in reads if x == s0]
    check([r["SequenceNumber"] for r in out["Records"]] == expected, f"{s0} from TRIM_HORIZON again")
    check(out.get("NextShardIterator") is None and out.get("ChildShards"), f"the end of {s0}: {out.keys()}")

    step("delete_stream")
    kinesis.delete_stream(StreamName=name)
    kinesis.get_waiter("stream_not_exists").wait(StreamName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 30})

    print("OK: the boto3 reshard scenario passed")


if __name__ == "__main__":
    run(main, __doc__)
