#!/usr/bin/env python3
"""The DynamoDB subset through boto3 (JSON 1.0 over HTTP/1.1; botocore checks x-amz-crc32), against a Riffle endpoint.

    python3 dynamodb_scenario.py http://127.0.0.1:4567

Tables with the table_exists waiter, items with expressions and the legacy forms, Query and Scan
paging, DynamoDB's errors, conditional writes racing from 8 threads (exactly one winner each time), reserved words,
transact_write_items (all or nothing, cancellation reasons, client request tokens), GSI update and delete, TTL settings.
"""
import threading
import uuid

from scenario_kit import ClientError, Config, Mismatch, boto3, botocore, check, expect_error, run, step  # noqa: F401


def main(endpoint):
    ddb = boto3.client(
        "dynamodb",
        endpoint_url=endpoint,
        config=Config(retries={"mode": "standard", "max_attempts": 3}, connect_timeout=5, read_timeout=60,
                      max_pool_connections=16),
    )
    print(f"boto3 {boto3.__version__}, botocore {botocore.__version__}, endpoint {endpoint}")
    table = "boto3-" + uuid.uuid4().hex[:12]

    step("create_table with a GSI, and the table_exists waiter")
    ddb.create_table(TableName=table, BillingMode="PAY_PER_REQUEST",
                     KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                           {"AttributeName": "sk", "AttributeType": "N"},
                                           {"AttributeName": "owner", "AttributeType": "S"}],
                     GlobalSecondaryIndexes=[{"IndexName": "byOwner", "Projection": {"ProjectionType": "ALL"},
                                              "KeySchema": [{"AttributeName": "owner", "KeyType": "HASH"}]}])
    ddb.get_waiter("table_exists").wait(TableName=table, WaiterConfig={"Delay": 1, "MaxAttempts": 10})
    described = ddb.describe_table(TableName=table)["Table"]
    check(described["TableStatus"] == "ACTIVE", f"status {described['TableStatus']}")
    check(described["GlobalSecondaryIndexes"][0]["IndexStatus"] == "ACTIVE", "index not ACTIVE")
    err = expect_error("ResourceInUseException", ddb.create_table, TableName=table, BillingMode="PAY_PER_REQUEST",
                       KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                       AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
    check(err.response["Error"]["Message"] == f"Table already exists: {table}", err.response["Error"]["Message"])

    step("put, get, update with expressions and ReturnValues")
    for i in range(12):
        ddb.put_item(TableName=table, Item={"pk": {"S": "p"}, "sk": {"N": str(i)}, "owner": {"S": f"w{i % 3}"},
                                            "n": {"N": "1.50"}})
    item = ddb.get_item(TableName=table, Key={"pk": {"S": "p"}, "sk": {"N": "3"}}, ConsistentRead=True)["Item"]
    check(item["n"] == {"N": "1.5"}, f"number not normalized: {item}")
    new = ddb.update_item(TableName=table, Key={"pk": {"S": "p"}, "sk": {"N": "3"}},
                          UpdateExpression="SET #o = :o ADD n :one REMOVE gone",
                          ConditionExpression="attribute_exists(pk) AND #o = :old",
                          ExpressionAttributeNames={"#o": "owner"},
                          ExpressionAttributeValues={":o": {"S": "w9"}, ":old": {"S": "w0"}, ":one": {"N": "1"}},
                          ReturnValues="UPDATED_NEW")["Attributes"]
    check(new == {"owner": {"S": "w9"}, "n": {"N": "2.5"}}, f"UPDATED_NEW {new}")
    err = expect_error("ConditionalCheckFailedException", ddb.update_item, TableName=table,
                       Key={"pk": {"S": "p"}, "sk": {"N": "3"}}, UpdateExpression="SET n = :z",
                       ConditionExpression="n < :z", ExpressionAttributeValues={":z": {"N": "0"}},
                       ReturnValuesOnConditionCheckFailure="ALL_OLD")
    check(err.response.get("Item", {}).get("owner") == {"S": "w9"}, f"old item on failure: {err.response}")
    check(err.response["Error"]["Message"] == "The conditional request failed", err.response["Error"]["Message"])

    step("legacy Expected and AttributeUpdates")
    ddb.update_item(TableName=table, Key={"pk": {"S": "p"}, "sk": {"N": "4"}},
                    Expected={"owner": {"Value": {"S": "w1"}}, "n": {"Exists": True, "Value": {"N": "1.5"}}},
                    AttributeUpdates={"n": {"Action": "ADD", "Value": {"N": "1"}}, "owner": {"Action": "DELETE"}})
    item = ddb.get_item(TableName=table, Key={"pk": {"S": "p"}, "sk": {"N": "4"}})["Item"]
    check("owner" not in item and item["n"] == {"N": "2.5"}, f"after AttributeUpdates: {item}")

    step("query forward and backward with paging, the GSI, scan in segments")
    keys, start = [], None
    while True:
        kwargs = {"ExclusiveStartKey": start} if start else {}
        page = ddb.query(TableName=table, KeyConditionExpression="pk = :p AND sk BETWEEN :a AND :b",
                         ExpressionAttributeValues={":p": {"S": "p"}, ":a": {"N": "2"}, ":b": {"N": "9"}},
                         ScanIndexForward=False, Limit=3, **kwargs)
        keys += [int(i["sk"]["N"]) for i in page["Items"]]
        start = page.get("LastEvaluatedKey")
        if not start:
            break
    check(keys == [9, 8, 7, 6, 5, 4, 3, 2], f"query pages {keys}")
    owned = ddb.query(TableName=table, IndexName="byOwner", KeyConditionExpression="#o = :o",
                      ExpressionAttributeNames={"#o": "owner"}, ExpressionAttributeValues={":o": {"S": "w1"}})
    check(sorted(int(i["sk"]["N"]) for i in owned["Items"]) == [1, 7, 10], f"GSI query {owned['Items']}")
    seen = []
    for segment in range(4):
        paginator = ddb.get_paginator("scan")
        for page in paginator.paginate(TableName=table, Segment=segment, TotalSegments=4,
                                       FilterExpression="n > :one", ExpressionAttributeValues={":one": {"N": "1"}},
                                       PaginationConfig={"PageSize": 2}):
            seen += [int(i["sk"]["N"]) for i in page["Items"]]
    check(sorted(seen) == list(range(12)), f"scan segments {sorted(seen)}")

    step("errors in DynamoDB's words")
    err = expect_error("ValidationException", ddb.get_item, TableName=table, Key={"pk": {"S": "p"}})
    check(err.response["Error"]["Message"] == "The provided key element does not match the schema",
          err.response["Error"]["Message"])
    err = expect_error("ValidationException", ddb.put_item, TableName=table,
                       Item={"pk": {"S": "p"}, "sk": {"N": "1e126"}})
    check("Number overflow" in err.response["Error"]["Message"], err.response["Error"]["Message"])
    expect_error("ResourceNotFoundException", ddb.scan, TableName="no-such-table")

    step("conditional writes racing from 8 threads: exactly one winner each time")
    for round_ in range(20):
        wins = []
        barrier = threading.Barrier(8)

        def attempt(worker):
            barrier.wait()
            try:
                ddb.put_item(TableName=table, Item={"pk": {"S": f"race-{round_}"}, "sk": {"N": "0"},
                                                    "owner": {"S": f"t{worker}"}},
                             ConditionExpression="attribute_not_exists(pk)")
                wins.append(worker)
            except ClientError as e:
                if e.response["Error"]["Code"] != "ConditionalCheckFailedException":
                    raise
        threads = [threading.Thread(target=attempt, args=(w,)) for w in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        check(len(wins) == 1, f"round {round_}: winners {wins}")
        stored = ddb.get_item(TableName=table, Key={"pk": {"S": f"race-{round_}"}, "sk": {"N": "0"}})["Item"]
        check(stored["owner"]["S"] == f"t{wins[0]}", f"round {round_}: stored {stored} but winner t{wins[0]}")

    step("reserved words: refused as bare names, served through placeholders")
    err = expect_error("ValidationException", ddb.update_item, TableName=table, Key={"pk": {"S": "p"}, "sk": {"N": "5"}},
                       UpdateExpression="SET size = :v", ExpressionAttributeValues={":v": {"N": "1"}})
    check(err.response["Error"]["Message"]
          == "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: size",
          err.response["Error"]["Message"])
    ddb.update_item(TableName=table, Key={"pk": {"S": "p"}, "sk": {"N": "5"}}, UpdateExpression="SET #s = :v",
                    ExpressionAttributeNames={"#s": "size"}, ExpressionAttributeValues={":v": {"N": "1"}})

    step("transact_write_items: all or nothing, cancellation reasons, client request tokens")
    def move(token=None):
        kwargs = {"ClientRequestToken": token} if token else {}
        return ddb.transact_write_items(TransactItems=[
            {"Update": {"TableName": table, "Key": {"pk": {"S": "p"}, "sk": {"N": "6"}},
                        "UpdateExpression": "SET n = n - :one", "ConditionExpression": "n >= :one",
                        "ExpressionAttributeValues": {":one": {"N": "1"}},
                        "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}},
            {"Update": {"TableName": table, "Key": {"pk": {"S": "p"}, "sk": {"N": "7"}},
                        "UpdateExpression": "ADD n :one", "ExpressionAttributeValues": {":one": {"N": "1"}}}},
            {"ConditionCheck": {"TableName": table, "Key": {"pk": {"S": "p"}, "sk": {"N": "8"}},
                                "ConditionExpression": "attribute_exists(pk)"}},
        ], **kwargs)
    move("move-1")
    move("move-1")  # the same token and request: done once
    n6 = ddb.get_item(TableName=table, Key={"pk": {"S": "p"}, "sk": {"N": "6"}})["Item"]["n"]
    n7 = ddb.get_item(TableName=table, Key={"pk": {"S": "p"}, "sk": {"N": "7"}})["Item"]["n"]
    check(n6 == {"N": "0.5"} and n7 == {"N": "2.5"}, f"after one move: {n6} {n7}")
    err = expect_error("TransactionCanceledException", move)
    check(err.response["Error"]["Message"] == "Transaction cancelled, please refer cancellation reasons for specific "
          "reasons [ConditionalCheckFailed, None, None]", err.response["Error"]["Message"])
    reasons = err.response.get("CancellationReasons")
    check(reasons is not None and [r["Code"] for r in reasons] == ["ConditionalCheckFailed", "None", "None"]
          and reasons[0]["Item"]["n"] == {"N": "0.5"}, f"cancellation reasons {reasons}")
    n7 = ddb.get_item(TableName=table, Key={"pk": {"S": "p"}, "sk": {"N": "7"}})["Item"]["n"]
    check(n7 == {"N": "2.5"}, f"a cancelled transaction wrote: {n7}")
    expect_error("IdempotentParameterMismatchException", ddb.transact_write_items, ClientRequestToken="move-1",
                 TransactItems=[{"Delete": {"TableName": table, "Key": {"pk": {"S": "p"}, "sk": {"N": "7"}}}}])

    step("update_table: a GSI deleted; update_time_to_live and describe_time_to_live")
    ddb.update_table(TableName=table, GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "byOwner"}}])
    check("GlobalSecondaryIndexes" not in ddb.describe_table(TableName=table)["Table"], "index still listed")
    check(ddb.describe_time_to_live(TableName=table)["TimeToLiveDescription"] == {"TimeToLiveStatus": "DISABLED"},
          "TTL not DISABLED")
    ddb.update_time_to_live(TableName=table, TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires"})
    ttl = ddb.describe_time_to_live(TableName=table)["TimeToLiveDescription"]
    check(ttl == {"TimeToLiveStatus": "ENABLED", "AttributeName": "expires"}, f"TTL {ttl}")

    step("delete_table")
    ddb.delete_table(TableName=table)
    check(table not in ddb.list_tables()["TableNames"], "deleted table still listed")
    print("OK: the boto3 DynamoDB scenario passed")


if __name__ == "__main__":
    run(main, __doc__)
