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
from contextlib import contextmanager
from pathlib import Path
from xml.etree import ElementTree

import psutil
import requests

from bot.settings import ROOT
from harness.signing import twilio_signature
from scripts.bench import BENCH_TENANTS, make_stack
from scripts.bench_rasa_cpu import cpu as _cpu
from scripts.eval_e2e import percentile, stack_env, twilio_standin

GLOSTRUP = "+4589880000"
DRAIN_SECONDS = 60


def unpatched(stack_class):
    from harness.stack import model_path

    class Unpatched(stack_class):
        def start_process(self, name: str) -> None:
            if name != "rasa":
                return super().start_process(name)
            token = self.full_env()["RASA_TOKEN"]
            self._spawn(name, [str(ROOT / ".venv-rasa/bin/rasa"), "run", "--enable-api", f"--auth-token={token}",
                               "-i", "127.0.0.1", "-p", str(self.rasa_port), "-m", model_path(), "--endpoints",
                               str(self.instance / "endpoints.yml"), "--credentials", str(ROOT / "credentials.yml")])

    return Unpatched


@contextmanager
def single_stack(config: str, stub, account_sid: str):
    """The single stack as the bench starts it: `before` = Rasa as shipped and a webhook that waits for the
    dialogue (up to RASA_TIMEOUT_SECONDS); `after` = rasa_launcher and the DIALOGUE_BUDGET_SECONDS default."""
    with tempfile.TemporaryDirectory(prefix=f"bench-storm-{config}-") as tmp:
        instance = Path(tmp)
        extra = {"DIALOGUE_BUDGET_SECONDS": "30"} if config == "before" else {}
        env = stack_env(instance, None, stub.base_url, account_sid, **extra)
        stack = make_stack(env, instance)
        if config == "before":
            stack.__class__ = unpatched(stack.__class__)
        try:
            stack.start()
            yield stack.gateway, env, {name: psutil.Process(p.pid) for name, p in stack.processes.items()}
        finally:
            stack.stop()


@contextmanager
def scaled_stack(stub):
    """`make run-scaled` (2 Rasa, 2 action servers, 2 dispatchers, 4 gateway workers) on a fresh PostgreSQL
    database and Redis, supervised as it is served."""
    from harness.served import STARTUP_SECONDS, Served, stop
    from scripts.eval_e2e import fresh_postgres

    url, drop = fresh_postgres()
    served = Served(stub, "run-scaled", DATABASE_URL=url, REDIS_URL="redis://127.0.0.1:6379/12",
                    SMS_RATE_LIMIT="10000 per minute")
    try:
        served.wait_healthy(STARTUP_SECONDS)
        deadline = time.monotonic() + STARTUP_SECONDS
        while not all(served.health()[1].get("instances", {"": False}).values()) and time.monotonic() < deadline:
            time.sleep(1)
        procs = {f"{_kind(child.cmdline())} {child.pid}": child for child in served.supervisord().children()}
        yield served.gateway, served.env, procs
    finally:
        stop(served)
        drop()


def _kind(cmdline: list[str]) -> str:
    line = " ".join(cmdline)
    return ("rasa" if "rasa_launcher" in line else "actions" if "rasa_sdk" in line else
            "gateway" if "gunicorn" in line else "dispatcher" if "dispatcher" in line else "other")


def burst(config: str, tenants: int, rate: float) -> dict:
    stub, account_sid = twilio_standin()
    try:
        with (scaled_stack(stub) if config == "scaled" else single_stack(config, stub, account_sid)) as started:
            gateway, env, procs = started
            cpu_before = {name: _cpu(p) for name, p in procs.items()}
            rss = {name: _rss(p) for name, p in procs.items()}
            results = _send_all(gateway, env, tenants, rate)
            deadline = time.monotonic() + DRAIN_SECONDS
            while time.monotonic() < deadline and any(not r["twiml"] and not stub.to(r["phone"]) for r in results):
                time.sleep(0.5)
            time.sleep(3)  # time for a wrongful second reply to show up
            cpu = {}
            for name, proc in procs.items():
                kind = name.split()[0]
                cpu[kind] = cpu.get(kind, 0.0) + _cpu(proc) - cpu_before[name]
                rss[name] = max(rss[name], _rss(proc))
    finally:
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
            "cpu_seconds": cpu, "rss_mib": sum(rss.values()) / 2 ** 20}


def _rss(proc: psutil.Process) -> int:
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total




def _send_all(gateway: str, env: dict, tenants: int, rate: float) -> list[dict]:
    url = f"{gateway}/sms/inbound"
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


def docs_section(reports: list[dict], tenants: int, rate: float) -> str:
    def ms(value):
        return f"{value * 1000:.0f} ms" if value is not None else "-"

    lines = [f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} with "
             f"`python -m scripts.bench_storm --tenants {tenants} --rate {rate:g}` on {psutil.cpu_count()} cores, "
             "shared with other engineers' jobs (load average before each run in the table). Each run: a fresh "
             f"instance; {tenants} new tenants each send their first SMS (signed webhook), one every "
             f"{1 / rate:.1f} s, open loop; a reply is the TwiML or, past the webhook's budget, the SMS the "
             "dispatcher sends (to the local Twilio stand-in).", "",
             "| stack | load before | webhook p50 | webhook p99 | first reply p50 | first reply p99 | answered by SMS "
             "| lost | doubled | CPU s rasa | actions | gateway | dispatcher | resident memory |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    names = {"before": "single, Rasa as shipped, webhook waits", "after": "single, rasa_launcher, 2 s budget",
             "scaled": "scaled (2+2+2, PostgreSQL, Redis)"}
    for r in reports:
        cpu = r["cpu_seconds"]
        lines.append(f"| {names[r['config']]} | {r['load_before']:.1f} | {ms(r['webhook_p50'])} | "
                     f"{ms(r['webhook_p99'])} | {ms(r['first_reply_p50'])} | {ms(r['first_reply_p99'])} | "
                     f"{r['by_sms']} | {r['lost']} | {r['doubled']} | {cpu.get('rasa', 0):.1f} | "
                     f"{cpu.get('actions', 0):.1f} | {cpu.get('gateway', 0):.1f} | {cpu.get('dispatcher', 0):.1f} | "
                     f"{r['rss_mib']:.0f} MiB |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tenants", type=int, default=100)
    parser.add_argument("--rate", type=float, default=5.0)
    parser.add_argument("--configs", default="before,after,scaled")
    parser.add_argument("--json", default="")
    parser.add_argument("--no-docs", action="store_true")
    args = parser.parse_args(argv)
    reports = []
    for config in args.configs.split(","):
        load = psutil.getloadavg()[0]
        report = burst(config, args.tenants, args.rate)
        report["load_before"] = load
        reports.append(report)
        print(json.dumps(report), flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(reports, indent=2))
    if not args.no_docs:
        from scripts.eval_e2e import write_docs

        write_docs("storm", docs_section(reports, args.tenants, args.rate))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
