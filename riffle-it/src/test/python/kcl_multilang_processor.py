"""A record processor for the KCL's MultiLangDaemon, speaking its protocol directly (what amazon_kclpy wraps).

The daemon starts one such process per shard lease and talks to it over its stdin and stdout, one JSON object per
line (the protocol of the KCL's amazon-kinesis-client-multilang module, software.amazon.kinesis.multilang.messages):

  daemon -> processor   {"action": "initialize", "shardId", "sequenceNumber", "subSequenceNumber"}
                        {"action": "processRecords", "records": [{"data": base64, "partitionKey", "sequenceNumber",
                                                                  "subSequenceNumber", "approximateArrivalTimestamp",
                                                                  "action": "record"}], "millisBehindLatest"}
                        {"action": "leaseLost"} | {"action": "shardEnded"} | {"action": "shutdownRequested"}
  processor -> daemon   {"action": "checkpoint", "sequenceNumber": s or null, "subSequenceNumber": n or null}
  daemon -> processor   {"action": "checkpoint", "sequenceNumber", "subSequenceNumber", "error": null or a name}
  processor -> daemon   {"action": "status", "responseFor": <the action answered>}, after every message

Every record processed is appended to the output file (argument 1) as a line the Java test reads (ProcessedRecord):
shardId TAB partitionKey TAB data TAB sequenceNumber TAB processedAtMicros. The line is written before the
checkpoint that covers it, so a record checkpointed is a record on file. Each batch is checkpointed at its last record;
a shard's end and a requested shutdown are checkpointed too, as the KCL requires.

Nothing but protocol lines may go to stdout: diagnostics go to stderr, which the daemon logs.
"""
import base64
import json
import os
import sys
import time


class CheckpointError(Exception):
    pass


class Processor:
    def __init__(self, output_path):
        # one line, one write(2) on an O_APPEND descriptor: the processes of all shards share the file
        self.output = os.open(output_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        self.shard_id = None

    def send(self, message):
        sys.stdout.write(json.dumps(message) + "\n")
        sys.stdout.flush()

    def receive(self):
        line = sys.stdin.readline()
        if not line:
            return None
        return json.loads(line)

    def checkpoint(self, sequence_number=None, sub_sequence_number=None):
        self.send({"action": "checkpoint", "sequenceNumber": sequence_number,
                   "subSequenceNumber": sub_sequence_number})
        answer = self.receive()
        if answer is None or answer.get("action") != "checkpoint":
            raise CheckpointError("expected the checkpoint's answer, got %r" % (answer,))
        if answer.get("error"):
            raise CheckpointError(answer["error"])

    def process_records(self, records):
        lines = []
        for record in records:
            data = base64.b64decode(record["data"]).decode("utf-8")
            micros = time.time_ns() // 1000
            lines.append("%s\t%s\t%s\t%s\t%d\n" % (self.shard_id, record["partitionKey"], data,
                                                   record["sequenceNumber"], micros))
        if lines:
            os.write(self.output, "".join(lines).encode("utf-8"))
            last = records[-1]
            self.checkpoint(last["sequenceNumber"], last.get("subSequenceNumber"))

    def handle(self, message):
        action = message["action"]
        if action == "initialize":
            self.shard_id = message["shardId"]
        elif action == "processRecords":
            self.process_records(message["records"])
        elif action in ("shardEnded", "shutdownRequested"):
            self.checkpoint()
        elif action != "leaseLost":
            raise ValueError("unknown action %r" % (action,))
        self.send({"action": "status", "responseFor": action})

    def run(self):
        while True:
            message = self.receive()
            if message is None:
                return  # the daemon closed our stdin: the lease is done
            try:
                self.handle(message)
            except CheckpointError as e:
                # the lease may have moved on: say so, answer, and let the daemon decide
                sys.stderr.write("checkpoint of %s failed: %s\n" % (self.shard_id, e))
                self.send({"action": "status", "responseFor": message["action"]})


if __name__ == "__main__":
    Processor(sys.argv[1]).run()
