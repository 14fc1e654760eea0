#!/usr/bin/env python3
"""Cuts botocore's Lambda model (aws-models/lambda/service-2.json, Apache-2.0) down to the event source mapping
operations riffle-triggers serves and the shapes they reach, without documentation, so that riffle-codegen generates
~60 types instead of ~360. Run again when the model is updated:

    python3 riffle-triggers/model/cut.py riffle-aws/src/test/resources/aws-models/lambda/service-2.json \
        > riffle-triggers/model/lambda/service-2.json
"""
import json
import sys

OPERATIONS = ["CreateEventSourceMapping", "GetEventSourceMapping", "UpdateEventSourceMapping",
              "DeleteEventSourceMapping", "ListEventSourceMappings"]


def strip(node):
    if isinstance(node, dict):
        return {k: strip(v) for k, v in node.items() if k != "documentation"}
    if isinstance(node, list):
        return [strip(v) for v in node]
    return node


def main():
    model = json.load(open(sys.argv[1]))
    operations = {name: model["operations"][name] for name in OPERATIONS}
    todo = []
    for op in operations.values():
        todo += [op["input"]["shape"], op["output"]["shape"]] + [e["shape"] for e in op.get("errors", [])]
    keep = {}
    while todo:
        name = todo.pop()
        if name in keep:
            continue
        shape = model["shapes"][name]
        keep[name] = shape
        for member in shape.get("members", {}).values():
            todo.append(member["shape"])
        for key in ("member", "key", "value"):
            if key in shape:
                todo.append(shape[key]["shape"])
    cut = {
        "version": model["version"],
        "metadata": model["metadata"],
        "operations": strip(operations),
        "shapes": strip({name: model["shapes"][name] for name in model["shapes"] if name in keep}),
    }
    json.dump(cut, sys.stdout, indent=2, sort_keys=False)
    sys.stdout.write("\n")


main()
