"""What the boto3 scenario scripts share: the boto3 import check, assertions and step output."""
import sys
import time

try:
    import boto3  # noqa: F401 - re-exported to the scenarios
    import botocore  # noqa: F401
    from botocore.config import Config  # noqa: F401
    from botocore.exceptions import ClientError
except ImportError as e:  # pragma: no cover - reported to the Java test
    print(f"FAIL: boto3 is not installed for {sys.executable}: {e} (pip install boto3)")
    sys.exit(1)


class Mismatch(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Mismatch(message)


def step(title):
    print(f"-- {title}", flush=True)


def expect_error(code, call, *args, **kwargs):
    """Runs call, expects a ClientError whose code is `code`, HTTP status 400 and no retry; returns it."""
    try:
        call(*args, **kwargs)
    except ClientError as e:
        got = e.response.get("Error", {}).get("Code")
        status = e.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        attempts = e.response.get("ResponseMetadata", {}).get("RetryAttempts")
        check(got == code, f"expected {code}, got {got}: {e}")
        check(status == 400, f"expected HTTP 400 for {code}, got {status}")
        check(attempts == 0, f"botocore retried a {code} {attempts} time(s)")
        return e
    raise Mismatch(f"expected {code}, but the call succeeded")


def run(main, usage, arguments=1):
    """A scenario script's entry point: main(*argv[1:]) with `arguments` arguments; prints the usage and
    exits 2 on a usage error, prints FAIL and exits 1 on a mismatch or an unexpected error from Riffle."""
    if len(sys.argv) != arguments + 1:
        print(usage)
        sys.exit(2)
    started = time.monotonic()
    try:
        main(*sys.argv[1:])
    except Mismatch as mismatch:
        print(f"FAIL: {mismatch}")
        sys.exit(1)
    except ClientError as error:
        print(f"FAIL: unexpected error from Riffle: {error}")
        sys.exit(1)
    print(f"({time.monotonic() - started:.1f} s)")
