"""Benchmark (not a test): emergency SMS to Twilio call latency, escalation timing error, gateway intake with Rasa down.

Starts the real processes (harness/stack.py) against a local Twilio stand-in, so it needs the trained model:
    .venv/bin/python -m scripts.bench_sms [--reports 20] [--ack-timeout 5] [--flood-seconds 10] [--database-url URL]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from xml.etree import ElementTree

import requests


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def _summary(name: str, values: list[float], unit: str = "s") -> str:
    if not values:
        return f"{name}: no samples"
    return (f"{name}: n={len(values)} p50={_percentile(values, 50):.3f}{unit} p99={_percentile(values, 99):.3f}{unit} "
            f"mean={statistics.mean(values):.3f}{unit} max={max(values):.3f}{unit}")


def main(argv: list[str] | None = None) -> int:
    import re

    from harness.signing import twilio_signature
    from harness.stack import Stack
    from harness.twilio_stub import ACCOUNT_SID, TwilioStub

    parser = argparse.ArgumentParser(prog="python -m scripts.bench_sms")
    parser.add_argument("--reports", type=int, default=20)
    parser.add_argument("--ack-timeout", type=int, default=5)
    parser.add_argument("--flood-seconds", type=float, default=10.0)
    parser.add_argument("--flood-threads", type=int, default=8)
    parser.add_argument("--poll", type=float, default=0.25, help="DISPATCHER_POLL_SECONDS")
    parser.add_argument("--database-url", default="")
    args = parser.parse_args(argv)

    reference = re.compile(r"\b(\d{3}-\d{4})\b")
    instance = Path(tempfile.mkdtemp(prefix="bench-sms-"))
    stub = TwilioStub().start()
    env = {
        "RASA_TOKEN": "bench-rasa", "STAFF_API_TOKEN": "bench-staff", "SECRET_KEY": "bench-secret",
        "TWILIO_AUTH_TOKEN": "bench-twilio", "TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_API_BASE": stub.base_url,
        "DATABASE_URL": args.database_url or f"sqlite:///{instance / 'repairbot.db'}",
        "DISPATCHER_POLL_SECONDS": str(args.poll), "ALERT_ACK_TIMEOUT_SECONDS": str(args.ack_timeout),
        "SMS_RATE_LIMIT": "100000 per minute",
    }
    stack = Stack(env=env, instance=instance)
    print(f"starting the stack in {instance} (store {env['DATABASE_URL'].split(':')[0]}) ...", flush=True)
    stack.start()
    url = f"{stack.gateway}/sms/inbound"

    def sms(sender: str, body: str) -> requests.Response:
        params = {"From": sender, "To": "+4589880000", "Body": body, "MessageSid": "SM" + uuid.uuid4().hex}
        headers = {"X-Twilio-Signature": twilio_signature(env["TWILIO_AUTH_TOKEN"], url, params)}
        return requests.post(url, data=params, headers=headers, timeout=30)

    def said(response) -> str:
        if response.status_code != 200:
            print(f"gateway answered {response.status_code}", flush=True)
            return ""
        return "\n".join((m.text or "") for m in ElementTree.fromstring(response.text).iter("Message"))

    homes = [f"{street} {number}, {floor}. {door}, 2600 Glostrup"
             for street in ("Søndervangen", "Stationsparken", "Ejbydalsvej")
             for number in (10, 12, 14) for floor in ("st", 1, 2, 3) for door in ("th", "tv")]
    try:
        latencies, submit_turns, first_pages = [], [], {}
        for i in range(min(args.reports, len(homes))):
            tenant = "+4530" + str(uuid.uuid4().int)[:6]
            sms(tenant, "det lugter af gas i opgangen")
            sms(tenant, homes[i])
            turns = ["Mette Hansen", "ja", "nej", "nej"]
            ref = None
            for body in turns:
                started = time.monotonic()
                reply = said(sms(tenant, body))
                found = reference.search(reply)
                if found:
                    ref = found.group(1)
                    submit_turns.append(time.monotonic() - started)
                    break
            if ref is None:
                print(f"report {i}: no reference in the dialogue's replies; skipped", flush=True)
                continue
            page = stub.wait_for(lambda r=ref: [m for m in list(stub.messages) if r in m["body"]], timeout=30)
            if not page:
                print(f"report {i}: no page reached Twilio", flush=True)
                continue
            latencies.append(stub.received_at[page[0]["sid"]] - started)
            first_pages[ref] = stub.received_at[page[0]["sid"]]
        print(_summary("emergency SMS reaching the gateway -> dispatcher's Twilio call", latencies))
        print(_summary("  of which the gateway's answer to that SMS (dialogue + ticket write)", submit_turns))

        # Nobody acknowledges: the second page should come ack-timeout after the first reached Twilio.
        errors = []
        deadline = time.monotonic() + args.ack_timeout + 30
        while time.monotonic() < deadline and len(errors) < len(first_pages):
            time.sleep(0.5)
            errors = []
            for ref, first in first_pages.items():
                pages = sorted(stub.received_at[m["sid"]] for m in list(stub.messages) if ref in m["body"])
                if len(pages) >= 2:
                    errors.append(pages[1] - first - args.ack_timeout)
        print(_summary(f"escalation timing error (ALERT_ACK_TIMEOUT_SECONDS={args.ack_timeout})", errors))

        stack.stop_process("rasa")
        stored = []
        stop_at = time.monotonic() + args.flood_seconds

        def flood(_):
            count, failures = 0, 0
            sender = "+4530" + str(uuid.uuid4().int)[:6]
            while time.monotonic() < stop_at:
                response = sms(sender, f"besked {count}")
                if response.status_code == 200 and "112" in said(response):
                    count += 1
                else:
                    failures += 1
            return count, failures

        began = time.monotonic()
        with ThreadPoolExecutor(max_workers=args.flood_threads) as pool:
            stored = list(pool.map(flood, range(args.flood_threads)))
        elapsed = time.monotonic() - began
        total = sum(c for c, _ in stored)
        print(f"gateway with Rasa down: {total} messages stored and answered in {elapsed:.1f}s = "
              f"{total / elapsed:.1f} msg/s ({args.flood_threads} concurrent senders, "
              f"{sum(f for _, f in stored)} failures)")
    finally:
        stack.stop()
        stub.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
