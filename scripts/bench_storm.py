"""Storm burst: N new tenants' first SMS at a fixed rate through signed Twilio webhooks, on the single stack.

Two configurations side by side, each on a fresh instance: `before` (Rasa as shipped, the webhook waiting up to
RASA_TIMEOUT_SECONDS for the dialogue) and `after` (rasa_launcher, DIALOGUE_BUDGET_SECONDS). Per tenant: how long
the webhook took, when the first reply reached the phone (in the TwiML, or by SMS through the dispatcher), and
whether it got exactly one. Usage: `.venv/bin/python -m scripts.bench_storm [--tenants 100] [--rate 5] [--json F]`.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from xml.etree import ElementTree

import psutil
import requests

from bot.settings import ROOT
from scripts.bench import BENCH_TENANTS, make_stack
from scripts.eval_e2e import percentile, stack_env, twilio_standin
from tests.support.signing import twilio_signature

GLOSTRUP = "+4589880000"
DRAIN_SECONDS = 60


def unpatched(stack_class):
    from tests.support.stack import model_path

    class Unpatched(stack_class):
        def start_process(self, name: str) -> None:
            if name != "rasa":
                return super().start_process(name)
            token = self.full_env()["RASA_TOKEN"]
            self._spawn(name, [str(ROOT / ".venv-rasa/bin/rasa"), "run", "--enable-api", f"--auth-token={token}",
                               "-i", "127.0.0.1", "-p", str(self.rasa_port), "-m", model_path(), "--endpoints",
                               str(self.instance / "endpoints.yml"), "--credentials", str(ROOT / "credentials.yml")])

    return Unpatched


def burst(config: str, tenants: int, rate: float) -> dict:
    stub, account_sid = twilio_standin()
    with tempfile.TemporaryDirectory(prefix=f"bench-storm-{config}-") as tmp:
        instance = Path(tmp)
        extra = {"DIALOGUE_BUDGET_SECONDS": "30"} if config == "before" else {}
        env = stack_env(instance, None, stub.base_url, account_sid, **extra)
        stack = make_stack(env, instance)
        if config == "before":
            stack.__class__ = unpatched(stack.__class__)
        try:
            stack.start()
            procs = {name: psutil.Process(p.pid) for name, p in stack.processes.items()}
            cpu_before = {name: _cpu(p) for name, p in procs.items()}
            results = _send_all(stack, env, stub, tenants, rate)
            deadline = time.monotonic() + DRAIN_SECONDS
            while time.monotonic() < deadline and any(not r["twiml"] and not stub.to(r["phone"]) for r in results):
                time.sleep(0.5)
            time.sleep(3)  # time for a wrongful second reply to show up
            cpu = {name: _cpu(p) - cpu_before[name] for name, p in procs.items()}
        finally:
            stack.stop()
            stub.stop()
    with stub.lock:
        arrivals = {}
        for message in stub.messages:
            arrivals.setdefault(message["to"], []).append(message["arrived_at"])
    first_reply, lost, doubled = [], 0, 0
    for r in results:
        sms = arrivals.get(r["phone"], [])
        count = int(bool(r["twiml"])) + len(sms)
        lost += count == 0
        doubled += count > 1
        if r["twiml"]:
            first_reply.append(r["answered_at"] - r["sent_at"])
        elif sms:
            first_reply.append(min(sms) - r["sent_at"])
    webhook = [r["seconds"] for r in results if r["status"] == 200]
    return {"config": config, "tenants": tenants, "rate": rate, "ok": len(webhook),
            "webhook_p50": percentile(webhook, 50), "webhook_p99": percentile(webhook, 99),
            "first_reply_p50": percentile(first_reply, 50), "first_reply_p99": percentile(first_reply, 99),
            "by_sms": sum(1 for r in results if not r["twiml"]), "lost": lost, "doubled": doubled,
            "cpu_seconds": cpu}


def _cpu(proc: psutil.Process) -> float:
    total = 0.0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.NoSuchProcess:
            pass
    return total


def _send_all(stack, env: dict, stub, tenants: int, rate: float) -> list[dict]:
    url = f"{stack.gateway}/sms/inbound"
    started = time.time()
    results: list[dict] = []
    lock = threading.Lock()

    def one(index: int) -> None:
        time.sleep(max(0.0, started + index / rate - time.time()))  # open loop: a slow system does not slow it
        phone = f"+4526{index:02d}{uuid.uuid4().int % 10000:04d}"
        opening = BENCH_TENANTS[index % len(BENCH_TENANTS)][3]
        params = {"From": phone, "To": GLOSTRUP, "Body": opening, "MessageSid": "SM" + uuid.uuid4().hex,
                  "AccountSid": env["TWILIO_ACCOUNT_SID"]}
        headers = {"X-Twilio-Signature": twilio_signature(env["TWILIO_AUTH_TOKEN"], url, params)}
        sent = time.time()
        try:
            response = requests.post(url, data=params, headers=headers, timeout=60)
            status, body = response.status_code, response.text
        except requests.RequestException:
            status, body = 0, ""
        answered = time.time()
        texts = [m.text for m in ElementTree.fromstring(body).iter("Message") if m.text] if status == 200 else []
        with lock:
            results.append({"phone": phone, "sent_at": sent, "answered_at": answered, "seconds": answered - sent,
                            "status": status, "twiml": bool(texts)})

    with ThreadPoolExecutor(max_workers=tenants) as pool:
        list(pool.map(one, range(tenants)))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tenants", type=int, default=100)
    parser.add_argument("--rate", type=float, default=5.0)
    parser.add_argument("--configs", default="before,after")
    parser.add_argument("--json", default="")
    args = parser.parse_args(argv)
    reports = []
    for config in args.configs.split(","):
        load = psutil.getloadavg()[0]
        report = burst(config, args.tenants, args.rate)
        report["load_before"] = load
        reports.append(report)
        ms = lambda v: f"{v * 1000:.0f} ms" if v is not None else "-"  # noqa: E731
        print(f"{config:6} {report['ok']}/{args.tenants} ok; webhook p50 {ms(report['webhook_p50'])} p99 "
              f"{ms(report['webhook_p99'])}; first reply p50 {ms(report['first_reply_p50'])} p99 "
              f"{ms(report['first_reply_p99'])}; by SMS {report['by_sms']}; lost {report['lost']}; doubled "
              f"{report['doubled']}; load before {load:.1f}; CPU s " +
              " ".join(f"{k}={v:.1f}" for k, v in report["cpu_seconds"].items()), flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(reports, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
