"""`make bench`: load the real stack with whole simulated conversations; latency, throughput, alerts, CPU, memory."""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from bot.settings import ROOT
from scripts.eval_e2e import (
    REGISTER,
    Evaluation,
    Profile,
    Unit,
    fresh_postgres,
    load_register,
    national,
    percentile,
    stack_env,
    twilio_standin,
    write_docs,
)

DEFAULT_RATES = (2, 4, 8, 12, 16, 24, 32, 40, 48, 64)
STEP_SECONDS = 20.0
DRAIN_SECONDS = 30.0
P99_LIMIT = 1.0  # stop raising a target's rate once its p99 passes this
MAX_ERROR_SHARE = 0.05
MAX_IN_FLIGHT = 400
REQUEST_TIMEOUT = 30.0
SAMPLE_SECONDS = 1.0
PROFILE_SECONDS = 15
PLOT = ROOT / "docs" / "bench_latency.png"
# Targets on 2 cores (issue 7).
TARGET_RATE, TARGET_P99 = 40.0, 0.5
TARGET_OVERHEAD = 1.3
TARGET_ALERT_P99 = 1.0
TARGET_TRAIN_SECONDS = 300
TARGET_RSS_BYTES = 2 * 1024 ** 3
BENCH_STREETS = ("Birkevej", "Egevej", "Lindevej", "Bøgevej", "Granvej", "Ahornvej", "Askevej", "Elmevej",
                 "Poppelvej", "Pilevej")
BENCH_NUMBERS = 40
FLATS = (("st", "th"), ("st", "tv"), ("1", "th"), ("1", "tv"), ("2", "th"), ("2", "tv"), ("3", "th"), ("3", "tv"))
EMERGENCY_SHARE = 0.2


# -- what the simulated tenants say ---------------------------------------------------------------------------

@dataclass
class Script:
    """One calibrated conversation: what the tenant sent, and which form slot each message answered."""

    name: str
    channel: str
    language: str
    emergency: bool
    messages: list[tuple[str | None, str]]  # (slot the bot had asked for, text)
    ticketed: bool


BENCH_TENANTS = (
    # (name, language, emergency, opening, access)
    ("da-leak", "da", False, "det drypper fra røret under køkkenvasken", "hjemme efter 16"),
    ("da-mould", "da", False, "der er skimmel i hjørnet på badeværelset", "nej"),
    ("da-window", "da", False, "håndtaget på vinduet i stuen er knækket", "hjemme om aftenen, vi har en hund"),
    ("en-tap", "en", False, "the kitchen tap is dripping all the time", "after 5pm"),
    ("da-gas", "da", True, "det lugter af gas i køkkenet", "nej"),
    ("en-gas", "en", True, "I can smell gas in the kitchen", "no"),
)


def bench_register(path: Path) -> list[Unit]:
    """The demo register plus a few thousand synthetic homes, so each simulated tenant has a home of their own."""
    rows = list(csv.DictReader(open(REGISTER, newline="", encoding="utf-8")))
    units = []
    for street in BENCH_STREETS:
        for number in range(1, BENCH_NUMBERS + 1):
            for floor, door in FLATS:
                unit = Unit(f"BN-{len(units):05d}", "Demo Bolig Glostrup", street, str(number), floor, door, "2600",
                            "Glostrup")
                units.append(unit)
                rows.append({"association": unit.association, "estate": street, "street": street,
                             "number": unit.number, "floor": floor, "door": door, "postcode": "2600",
                             "city": "Glostrup", "unit_id": unit.unit_id})
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return units


def calibrate(evaluation: Evaluation, units: list[Unit], channel: str, index: int) -> list[Script]:
    """Play each bench tenant once, reading the tracker as eval-e2e does; the load then replays what they sent."""
    scripts = []
    for offset, (name, language, emergency, opening, access) in enumerate(BENCH_TENANTS):
        phone = f"+452620{index + offset:04d}"
        unit = units[offset]
        profile = Profile(
            id=f"bench-{name}", channel=channel, language=language, name="Anna Berg", says=[opening], unit=unit,
            association="Demo Bolig Glostrup", phone=phone,
            answers={"address": [unit.typed(0)], "reporter_name": ["Anna Berg"], "problem": [opening],
                     "contact_phone": ["ja" if language == "da" else "yes"] if channel == "sms" else [national(phone)],
                     "access_notes": [access], "location_in_home": ["køkkenet" if language == "da" else "kitchen"]},
            events=[], after_ticket=[],
            expect={"contact": phone, "language": language, "verified": True, "unit": unit,
                    "priority": ["emergency"] if emergency else None},
        )
        outcome = evaluation.run(profile)
        turns = outcome.turns[: outcome.turns_to_ticket] if outcome.turns_to_ticket else outcome.turns
        asked = [None] + [t.requested for t in turns[:-1]]
        messages = [(a, t.said) for a, t in zip(asked, turns, strict=True)]
        scripts.append(Script(name, channel, language, emergency, messages, outcome.turns_to_ticket is not None))
    return scripts


# -- the load generator ---------------------------------------------------------------------------------------

@dataclass
class Sample:
    target: str
    rate: float
    sent_at: float
    seconds: float
    ok: bool
    final: bool  # the message after which the calibrated conversation had its ticket
    emergency: bool
    phone: str
    error: str = ""
    first: bool = False  # the conversation's first message (for an emergency: the first sign of danger)


@dataclass
class Conversation:
    script: Script
    phone: str
    unit: Unit
    position: int = 0
    token: str | None = None

    def next_text(self) -> str:
        asked, text = self.script.messages[self.position]
        if asked == "address":
            return self.unit.typed(self.position)
        if asked == "contact_phone" and self.script.channel == "web":
            return national(self.phone)
        return text

    @property
    def done(self) -> bool:
        return self.position >= len(self.script.messages)


def _degraded_openings() -> tuple[str, ...]:
    from bot import texts

    return tuple(text[:30] for text in texts.variants("dialogue_down").values())


class Target:
    """Where a message goes: the gateway's SMS webhook or web chat, or straight at Rasa's REST channel."""

    def __init__(self, name: str, channel: str, stack, env: dict, association_id: int, stub=None):
        self.name, self.channel, self.stack, self.env = name, channel, stack, env
        self.stub = stub  # the Twilio stand-in: where a reply past the webhook's budget arrives, by SMS
        self.association_id = association_id
        self.degraded = _degraded_openings()  # the gateway's "we cannot answer right now" replies
        from twilio.request_validator import RequestValidator

        self.validator = RequestValidator(env["TWILIO_AUTH_TOKEN"])
        self.sms_url = f"{stack.gateway}/sms/inbound"
        self.signed_url = f"{env['PUBLIC_BASE_URL']}/sms/inbound"

    async def open(self, http, conversation: Conversation) -> None:
        if self.channel == "web" and conversation.token is None:
            async with http.post(f"{self.stack.gateway}/chat/session",
                                 json={"association": "Demo Bolig Glostrup"}) as response:
                conversation.token = (await response.json())["token"]

    async def send(self, http, conversation: Conversation, text: str) -> str:
        """Send one message and read the whole reply; returns what went wrong, or "" when a reply came."""
        if self.channel == "sms":
            params = {"From": conversation.phone, "To": "+4589880000", "Body": text,
                      "MessageSid": "SM" + uuid.uuid4().hex, "AccountSid": "AC" + "0" * 32, "NumMedia": "0"}
            headers = {"X-Twilio-Signature": self.validator.compute_signature(self.signed_url, params)}
            earlier = len(self.stub.to(conversation.phone)) if self.stub is not None else 0
            async with http.post(self.sms_url, data=params, headers=headers) as response:
                body = await response.text()
                if response.status != 200:
                    return f"HTTP {response.status}"
                root = ElementTree.fromstring(body)
                text = "\n".join((m.text or "").strip() for m in root.iter("Message")).strip()
                if not text and self.stub is not None:
                    text = await self._reply_by_sms(conversation.phone, earlier)
                if not text:
                    return "empty TwiML"
                return "degraded reply (dialogue unavailable)" if text.startswith(self.degraded) else ""
        if self.channel == "web":
            async with http.post(f"{self.stack.gateway}/chat/message",
                                 json={"token": conversation.token, "text": text}) as response:
                if response.status != 200:
                    return f"HTTP {response.status}"
                data = await response.json()
                if data.get("degraded"):
                    return "degraded reply (dialogue unavailable)"
                return "" if data.get("messages") else "no messages"
        # Rasa's own REST channel, with the metadata the gateway would add.
        payload = {"sender": conversation.phone, "message": text,
                   "metadata": {"channel": "sms", "association": self.association_id, "phone": conversation.phone}}
        async with http.post(f"{self.stack.rasa}/webhooks/rest/webhook", json=payload) as response:
            if response.status != 200:
                return f"HTTP {response.status}"
            return "" if await response.json() else "empty reply"


    async def _reply_by_sms(self, phone: str, earlier: int) -> str:
        """Past DIALOGUE_BUDGET_SECONDS the webhook answers empty and the reply comes by SMS: wait for it."""
        deadline = time.monotonic() + REQUEST_TIMEOUT
        while time.monotonic() < deadline:
            sent = self.stub.to(phone)
            if len(sent) > earlier:
                return sent[earlier]
            await asyncio.sleep(0.05)
        return ""


class PhoneBook:
    """Unique, valid Danish mobile numbers and homes for every simulated tenant of the run."""

    def __init__(self, units: list[Unit]):
        self.count = 0
        self.units = units

    def next(self) -> tuple[str, Unit]:
        self.count += 1
        return f"+4526{300000 + self.count:06d}", self.units[self.count % len(self.units)]


async def run_step(target: Target, scripts: list[Script], rate: float, seconds: float, book: PhoneBook,
                   rng: random.Random) -> tuple[list[Sample], int]:
    """Offer `rate` messages per second for `seconds`: each tick sends the next message of a conversation that is
    waiting for its turn, or starts a new one. Open loop: a slow reply does not slow the arrivals."""
    import aiohttp

    samples: list[Sample] = []
    ready: list[Conversation] = []
    in_flight: set[asyncio.Task] = set()
    dropped = 0
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)
    connector = aiohttp.TCPConnector(limit=MAX_IN_FLIGHT)
    pool = [s for s in scripts if s.channel == ("web" if target.channel == "web" else "sms")]
    routine = [s for s in pool if not s.emergency]
    urgent = [s for s in pool if s.emergency]

    async def one(http, conversation: Conversation) -> None:
        text = conversation.next_text()
        final = conversation.position == len(conversation.script.messages) - 1 and conversation.script.ticketed
        try:
            await target.open(http, conversation)  # a web chat session is not a reply: not timed
        except Exception:
            pass
        started = time.perf_counter()
        wall = time.time()
        try:
            error = await target.send(http, conversation, text)
        except Exception as exc:  # a refused or timed-out request is a failed sample, not a crash
            error = type(exc).__name__
        ok = not error
        samples.append(Sample(target.name, rate, wall, time.perf_counter() - started, ok, final,
                              conversation.script.emergency, conversation.phone, error,
                              first=conversation.position == 0))
        conversation.position += 1
        if not conversation.done and ok:
            ready.append(conversation)

    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as http:
        interval = 1.0 / rate
        start = time.perf_counter()
        tick = 0
        while True:
            due = start + tick * interval
            if due - start >= seconds:
                break
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tick += 1
            if len(in_flight) >= MAX_IN_FLIGHT:
                dropped += 1
                continue
            if ready:
                conversation = ready.pop(0)
            else:
                phone, unit = book.next()
                script = rng.choice(urgent if urgent and rng.random() < EMERGENCY_SHARE else routine or pool)
                conversation = Conversation(script, phone, unit)
            task = asyncio.create_task(one(http, conversation))
            in_flight.add(task)
            task.add_done_callback(in_flight.discard)
        if in_flight:
            await asyncio.wait(in_flight, timeout=DRAIN_SECONDS)
    return samples, dropped


# -- processes: CPU and memory --------------------------------------------------------------------------------

class ProcessMonitor:
    """CPU seconds and resident memory per stack process (gunicorn workers counted with their master)."""

    def __init__(self, processes: dict):
        import psutil

        self.psutil = psutil
        self.roots = {name: psutil.Process(p.pid) for name, p in processes.items()}
        self.roots["load generator"] = psutil.Process(os.getpid())
        self.peak_rss: dict[str, int] = {name: 0 for name in self.roots}
        self.peak_total = 0

    def tree(self, name: str) -> list:
        root = self.roots[name]
        try:
            return [root] + (root.children(recursive=True) if name != "load generator" else [])
        except self.psutil.NoSuchProcess:
            return []

    def cpu_seconds(self) -> dict[str, float]:
        totals = {}
        for name in self.roots:
            total = 0.0
            for proc in self.tree(name):
                try:
                    times = proc.cpu_times()
                    total += times.user + times.system
                except self.psutil.NoSuchProcess:
                    pass
            totals[name] = total
        return totals

    def sample_rss(self) -> None:
        total = 0
        for name in self.roots:
            rss = 0
            for proc in self.tree(name):
                try:
                    rss += proc.memory_info().rss
                except self.psutil.NoSuchProcess:
                    pass
            self.peak_rss[name] = max(self.peak_rss[name], rss)
            if name != "load generator":
                total += rss
        self.peak_total = max(self.peak_total, total)

    async def watch(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            self.sample_rss()
            try:
                await asyncio.wait_for(stop.wait(), SAMPLE_SECONDS)
            except asyncio.TimeoutError:
                pass


# -- one store: start the stack, calibrate, ramp ---------------------------------------------------------------

@dataclass
class StepResult:
    target: str
    store: str
    rate: float
    sent: int
    ok: int
    dropped: int
    throughput: float
    p50: float | None
    p95: float | None
    p99: float | None
    cpu: dict[str, float] = field(default_factory=dict)  # share of one core per process
    errors: dict[str, int] = field(default_factory=dict)
    alerts: list[float] = field(default_factory=list)  # seconds from the completing message to the Twilio call
    # seconds from the first emergency message to the page's Twilio call
    first_alerts: list[float] = field(default_factory=list)


def summarise_step(samples: list[Sample], target: str, store: str, rate: float, seconds: float, dropped: int,
                   cpu: dict[str, float]) -> StepResult:
    latencies = [s.seconds for s in samples if s.ok]
    errors: dict[str, int] = {}
    for s in samples:
        if s.error:
            errors[s.error] = errors.get(s.error, 0) + 1
    return StepResult(target, store, rate, len(samples), len(latencies), dropped, len(latencies) / seconds,
                      percentile(latencies, 50), percentile(latencies, 95), percentile(latencies, 99), cpu, errors)


def gateway_command(stack) -> list[str]:
    """The gateway exactly as `make run` serves it (deploy/gunicorn.conf.py), on the stack's port."""
    return [str(ROOT / ".venv/bin/gunicorn"), "-c", str(ROOT / "deploy/gunicorn.conf.py"), "--bind",
            f"127.0.0.1:{stack.gateway_port}"]


def make_stack(env: dict, instance: Path):
    from harness.stack import Stack

    class BenchStack(Stack):
        def start_process(self, name: str) -> None:
            if name == "gateway":
                self._spawn(name, gateway_command(self))
            else:
                super().start_process(name)

    return BenchStack(env=env, instance=instance)


def alert_latencies(stub, samples: list[Sample], first: bool = False) -> list[float]:
    """From the message that completed an emergency report (`first`: the report's first message) to the
    dispatcher's next call to (stand-in) Twilio about that tenant: the text carrying the address (the follow-up, or
    the page itself when it had not gone out yet); `first`: the page sent at the first sign of danger."""
    if first:
        finals = {s.phone: s.sent_at for s in samples if s.first and s.emergency and s.ok}
    else:
        finals = {s.phone: s.sent_at for s in samples if s.final and s.emergency and s.ok}
    latencies = []
    with stub.lock:
        messages = list(stub.messages)
    for phone, sent_at in finals.items():
        for message in messages:
            if message.get("to") != phone and phone in message.get("body", "") and \
                    message.get("arrived_at", 0) >= sent_at:
                latencies.append(message["arrived_at"] - sent_at)
                break
    return latencies


def profile_processes(stack, seconds: int, out: Path) -> dict[str, dict]:
    """py-spy on Rasa, the action server and the gateway workers while load runs: the hottest functions."""
    spy = Path(sys.executable).with_name("py-spy")
    results = {}
    procs = []
    for name in ("rasa", "actions", "gateway"):
        pid = stack.processes[name].pid
        raw = out / f"pyspy-{name}.txt"
        # --gil: only samples holding the GIL, i.e. Python at work (TensorFlow kernels release it: see CPU %).
        argv = [str(spy), "record", "--nonblocking", "--gil", "--format", "raw", "--rate", "50", "--duration",
                str(seconds),
                "--pid", str(pid), "--output", str(raw)]
        if name == "gateway":
            argv.append("--subprocesses")
        procs.append((name, raw, subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)))
    for name, raw, proc in procs:
        try:
            proc.wait(timeout=seconds + 60)
        except subprocess.TimeoutExpired:
            proc.kill()
        results[name] = hottest(raw) if raw.exists() else {}
    return results


IDLE_FRAMES = ("select", "poll", "epoll", "wait", "accept", "sleep", "recv", "acquire", "readinto")
OUR_CODE = ("bot/", "actions/", "webhooks/")


def _frame(frame: str) -> tuple[str, str]:
    """'function (path/to/file.py:12)' -> (function, file path relative to site-packages or the repository)."""
    name, _, rest = frame.partition(" (")
    path = rest.rsplit(":", 1)[0] if rest else ""
    for marker in ("site-packages/", str(ROOT) + "/", "lib/python3.10/"):
        if marker in path:
            path = path.split(marker, 1)[1]
    return name, path


def hottest(raw: Path, top: int = 6) -> dict[str, list[tuple[str, float]]]:
    """From py-spy's raw stacks: busy time by library (where the leaf frame is), and by function of our code
    (inclusive), each as a share of the busy samples."""
    packages: dict[str, int] = {}
    ours: dict[str, int] = {}
    busy = 0
    for line in raw.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit() or not stack:
            continue
        frames = [_frame(f) for f in stack.split(";") if "(" in f]
        if not frames or frames[-1][0].startswith(IDLE_FRAMES):
            continue
        n = int(count)
        busy += n
        leaf_path = frames[-1][1]
        package = leaf_path.split("/")[0] if "/" in leaf_path else leaf_path.removesuffix(".py")
        packages[package] = packages.get(package, 0) + n
        seen = set()
        for name, path in frames:
            if path.startswith(OUR_CODE) and (name, path) not in seen:
                seen.add((name, path))
                key = f"{path.removesuffix('.py').replace('/', '.')}.{name}"
                ours[key] = ours.get(key, 0) + n
    if not busy:
        return {}

    def ranked(counts: dict[str, int]) -> list[tuple[str, float]]:
        return sorted(((k, v / busy) for k, v in counts.items()), key=lambda kv: -kv[1])[:top]

    return {"libraries": ranked(packages), "our code": ranked(ours), "samples": [("busy", float(busy))]}


async def ramp(stack, env: dict, store: str, targets: list[Target], scripts: list[Script], rates: list[float],
               seconds: float, book: PhoneBook, stub, monitor: ProcessMonitor, log) -> tuple[list[StepResult], dict]:
    rng = random.Random(7)
    results: list[StepResult] = []
    alerts: dict[str, list[float]] = {}
    stopped: set[str] = set()
    stop = asyncio.Event()
    watcher = asyncio.create_task(monitor.watch(stop))
    try:
        for rate in rates:
            for target in targets:
                if target.name in stopped:
                    continue
                before = monitor.cpu_seconds()
                started = time.perf_counter()
                samples, dropped = await run_step(target, scripts, rate, seconds, book, rng)
                wall = time.perf_counter() - started
                after = monitor.cpu_seconds()
                cpu = {name: (after[name] - before[name]) / wall for name in after}
                result = summarise_step(samples, target.name, store, rate, seconds, dropped, cpu)
                results.append(result)
                result.alerts = alert_latencies(stub, samples)
                if target.channel == "sms":  # web chat pages once the address is known, not at its first message
                    result.first_alerts = alert_latencies(stub, samples, first=True)
                alerts.setdefault(target.name, []).extend(result.alerts)
                log(f"  {store:<8} {target.name:<5} offered {rate:>5.1f}/s  done {result.throughput:5.1f}/s  "
                    f"p50 {_ms(result.p50)}  p95 {_ms(result.p95)}  p99 {_ms(result.p99)}  "
                    f"failed {result.sent - result.ok} {result.errors or ''} dropped {dropped}")
                errors = (result.sent - result.ok + dropped) / max(result.sent + dropped, 1)
                if result.p99 is None or result.p99 > P99_LIMIT or errors > MAX_ERROR_SHARE:
                    stopped.add(target.name)
            if len(stopped) == len(targets):
                break
    finally:
        stop.set()
        await watcher
    return results, alerts


def _ms(seconds: float | None) -> str:
    return "   -  " if seconds is None else f"{seconds * 1000:5.0f}ms"


# -- report ---------------------------------------------------------------------------------------------------

def machine() -> dict:
    import psutil

    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True,
                           text=True).stdout.strip()
    current = ROOT / "models" / "current"
    return {"nproc": os.cpu_count(), "ram_gib": round(psutil.virtual_memory().total / 1024 ** 3, 1), "cpu": model,
            "python": platform.python_version(), "kernel": platform.release(),
            "commit": commit.stdout.strip() + (" with uncommitted changes" if dirty else ""),
            "model": Path(current.read_text().strip()).name if current.exists() else "?"}


def sustained(results: list[StepResult], target: str, store: str, p99: float = TARGET_P99) -> StepResult | None:
    """The highest offered rate this target kept up with (≥ 95% of it done) with p99 under `p99`."""
    good = [r for r in results if r.target == target and r.store == store and r.p99 is not None and r.p99 < p99
            and r.throughput >= 0.95 * r.rate and r.ok == r.sent and not r.dropped]
    return max(good, key=lambda r: r.rate) if good else None


def overhead(results: list[StepResult], store: str, channel: str = "sms") -> list[tuple[float, float, float]]:
    """(rate, p50 ratio, p95 ratio) of the gateway path over Rasa's REST channel at the same offered rate."""
    rows = []
    rest = {r.rate: r for r in results if r.target == "rest" and r.store == store}
    for r in results:
        if r.target == channel and r.store == store and r.rate in rest and r.p50 and rest[r.rate].p50:
            rows.append((r.rate, r.p50 / rest[r.rate].p50, r.p95 / rest[r.rate].p95))
    return rows


def plot(results: list[StepResult], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    colours = {"sms": "tab:blue", "web": "tab:green", "rest": "tab:orange"}
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.5), sharey=True)
    for axis, key, label in ((axes[0], "p50", "median"), (axes[1], "p99", "p99")):
        for store, target in sorted({(r.store, r.target) for r in results}):
            rows = sorted((r for r in results if r.store == store and r.target == target and getattr(r, key)),
                          key=lambda r: r.rate)
            if rows:
                axis.plot([r.rate for r in rows], [getattr(r, key) * 1000 for r in rows], marker="o",
                          color=colours.get(target), linestyle="-" if store == "sqlite" else "--",
                          label=f"{target} ({store})")
        limit = TARGET_P99 if key == "p99" else None
        if limit:
            axis.axhline(limit * 1000, color="grey", linewidth=0.8, linestyle=":", label="p99 target (500 ms)")
        axis.set_title(f"{label} reply latency against offered load")
        axis.set_xlabel(f"offered messages per second (the target is {TARGET_RATE:g}/s)")
        axis.set_yscale("log")
        axis.grid(True, which="both", alpha=0.3)
    axes[0].set_ylabel("latency (ms, log scale)")
    axes[1].legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def docs_section(report: dict, command: str) -> str:
    m = report["machine"]
    lines = [
        f"Measured {report['when']} with `{command}` on {m['nproc']} cores ({m['cpu']}), {m['ram_gib']} GiB RAM, "
        f"Linux {m['kernel']}, Python {m['python']}, commit {m['commit']}, model `{m['model']}`. "
        "Everything ran on this one machine: "
        "the load generator shares the 2 cores with the stack.", "",
        "Method: each simulated tenant is a whole conversation (the six bench tenants of `scripts/bench.py`, "
        "calibrated once by reading the tracker like `make eval-e2e`, then replayed, each with its own phone number "
        f"and its own home among {report['units']} registered homes; {int(EMERGENCY_SHARE * 100)}% report a gas "
        "smell). Arrivals are open-loop: at each offered rate a message is sent every 1/rate seconds (the next "
        "turn of a tenant whose reply has come back, or a new tenant), so a slow system does not slow the load. "
        f"Each step lasts {report['step_seconds']:.0f} s; a path's ramp stops after the first step whose p99 passes "
        f"{P99_LIMIT:.0f} s. `sms` is a signed Twilio webhook to the gateway, `web` the chat transport, `rest` the "
        "same conversations straight at Rasa's REST channel (same model, same store, same moment). Alerts go through "
        "the twilio SDK to a local stand-in of Twilio's API (`harness/twilio_stub.py`).", "",
        "![latency against load](bench_latency.png)", "",
        "| store | path | offered /s | done /s | p50 | p95 | p99 | failed | CPU rasa | actions | gateway | load gen |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in report["steps"]:
        cpu = r["cpu"]
        lines.append(
            f"| {r['store']} | {r['target']} | {r['rate']:g} | {r['throughput']:.1f} | {_cell(r['p50'])} | "
            f"{_cell(r['p95'])} | {_cell(r['p99'])} | {r['sent'] - r['ok'] + r['dropped']} | "
            + " | ".join(f"{cpu.get(name, 0) * 100:.0f}%" for name in ("rasa", "actions", "gateway", "load generator"))
            + " |")
    lines += ["", "CPU is the share of one core over the step (200% = both cores).", "",
              "CPU time per completed reply on the SMS path (what each message costs each process):", "",
              "| store | offered /s | rasa | actions | gateway | dispatcher |", "| --- | --- | --- | --- | --- | --- |"]
    for r in report["steps"]:
        if r["target"] == "sms" and r["throughput"]:
            lines.append(f"| {r['store']} | {r['rate']:g} | " + " | ".join(
                f"{r['cpu'].get(name, 0) / r['throughput'] * 1000:.0f} ms"
                for name in ("rasa", "actions", "gateway", "dispatcher")) + " |")
    lines += ["", "Calibrated conversations (messages from the first to the one that got the ticket): " + ", ".join(
        f"{s['channel']} {s['name']} {len(s['messages'])}{'' if s['ticketed'] else ' (no ticket)'}"
        for s in report["scripts"]) + ".", ""]
    lines += ["| process | peak resident memory |", "| --- | --- |"]
    for name, rss in report["peak_rss"].items():
        lines.append(f"| {name} | {rss / 1024 ** 2:.0f} MiB |")
    lines.append(f"| **stack total (peak of the sum)** | **{report['peak_total'] / 1024 ** 2:.0f} MiB** |")
    lines += ["", "First emergency message to the page reaching Twilio (from sending a tenant's first emergency "
              "message to the dispatcher's Twilio API call for the page):", ""]
    for store in report["alerts"]:
        steps = [r for r in report["steps"] if r["store"] == store]
        calm = [x for r in steps if r["p99"] is not None and r["p99"] < P99_LIMIT for x in r.get("first_alerts", [])]
        top = max((r["rate"] for r in steps), default=None)
        storm = [x for r in steps if r["rate"] == top for x in r.get("first_alerts", [])]
        lines.append(f"- {store}, below saturation (reply p99 under {P99_LIMIT:.0f} s): {len(calm)} pages, "
                     f"p50 {_cell(percentile(calm, 50))}, p99 {_cell(percentile(calm, 99))}")
        lines.append(f"- {store}, at the burst ({top if top is None else f'{top:g}'}/s offered, the highest step): "
                     f"{len(storm)} pages, p50 {_cell(percentile(storm, 50))}, p99 {_cell(percentile(storm, 99))}")
    lines += ["", "Completing message to the alert text carrying the address (the follow-up to the person paged, "
              "or the page itself when it had not gone out yet), over all steps:", ""]
    for store, data in report["alerts"].items():
        lines.append(f"- {store}, all steps: {data['n']} alerts, p50 {_cell(data['p50'])}, p99 {_cell(data['p99'])}, "
                     f"max {_cell(data['max'])}")
        calm = [x for r in report["steps"] if r["store"] == store and r["p99"] is not None and r["p99"] < P99_LIMIT
                for x in r.get("alerts", [])]
        lines.append(f"- {store}, steps whose reply p99 stayed under {P99_LIMIT:.0f} s: {len(calm)} alerts, "
                     f"p50 {_cell(percentile(calm, 50))}, p99 {_cell(percentile(calm, 99))}")
    if report.get("train_seconds") is not None:
        lines += ["", f"Model training (`rasa train`, nothing cached): {report['train_seconds']:.0f} s."]
    if report.get("profiles"):
        lines += ["", f"py-spy ({PROFILE_SECONDS} s at {report['profile_rate']:g} SMS/s on SQLite; share of busy "
                  "samples spent in the function or below it):", ""]
        for name, found in report["profiles"].items():
            for kind in ("libraries", "our code"):
                rows = found.get(kind) or []
                if rows:
                    lines.append(f"- {name}, {kind}: " + "; ".join(f"`{fn}` {share * 100:.0f}%" for fn, share in rows))
    lines += ["", "Targets:", ""]
    for target, (held, detail) in report["targets"].items():
        lines.append(f"- {target}: **{'holds' if held else 'missed'}** ({detail})")
    return "\n".join(lines)


def _cell(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:.0f} ms"


def judge(report: dict, results: list[StepResult]) -> dict:
    targets = {}
    best = sustained(results, "sms", "sqlite")
    best_pg = sustained(results, "sms", "postgresql")
    top = max([b.rate for b in (best, best_pg) if b] or [0])
    targets["≥ 40 SMS/s sustained with p99 < 500 ms"] = (
        top >= TARGET_RATE, f"highest rate sustained: SQLite {best.rate if best else 0:g}/s, "
                            f"PostgreSQL {best_pg.rate if best_pg else 0:g}/s")
    ratios = overhead(results, "sqlite") + overhead(results, "postgresql")
    if ratios:
        worst = max(r[1] for r in ratios)
        targets["gateway overhead ≤ 1.3× Rasa's REST channel"] = (
            worst <= TARGET_OVERHEAD, "p50 ratio per rate: " + ", ".join(f"{rate:g}/s {p50:.2f}×"
                                                                         for rate, p50, _ in ratios))
    # Judged where the dialogue keeps up (reply p99 under the ramp's limit); past that, the wait is the reply's.
    calm = [x for r in results if r.p99 is not None and r.p99 < P99_LIMIT for x in r.first_alerts]
    everything = [x for r in results for x in r.first_alerts]
    p99 = percentile(calm, 99)
    targets["first-emergency-message-to-page p99 < 1 s"] = (
        p99 is not None and p99 < TARGET_ALERT_P99,
        f"p50 {_cell(percentile(calm, 50))}, p99 {_cell(p99)} over {len(calm)} pages at loads the dialogue keeps "
        f"up with; p99 {_cell(percentile(everything, 99))} over all {len(everything)}")
    if report.get("train_seconds") is not None:
        targets["model training ≤ 5 min"] = (report["train_seconds"] <= TARGET_TRAIN_SECONDS,
                                             f"{report['train_seconds']:.0f} s")
    targets["all processes ≤ 2 GB resident"] = (report["peak_total"] <= TARGET_RSS_BYTES,
                                                f"peak {report['peak_total'] / 1024 ** 2:.0f} MiB")
    return targets


def train_seconds(out: Path) -> float | None:
    """A cold `rasa train`: its own empty cache, so nothing trained before is reused."""
    env = dict(os.environ, RASA_CACHE_DIRECTORY=str(out / "cache"))
    started = time.perf_counter()
    done = subprocess.run([str(ROOT / ".venv-rasa/bin/rasa"), "train", "--quiet", "--out", str(out),
                           "--fixed-model-name", "bench"], cwd=ROOT, capture_output=True, text=True, env=env)
    return time.perf_counter() - started if done.returncode == 0 else None


# -- main -----------------------------------------------------------------------------------------------------

async def bench_store(store: str, args, units: list[Unit], register_csv: Path, book: PhoneBook, log) -> dict:
    stub, account_sid = twilio_standin()
    instance = Path(tempfile.mkdtemp(prefix=f"repairbot-bench-{store}-"))
    database_url, drop = fresh_postgres() if store == "postgresql" else (None, None)
    env = stack_env(instance, database_url, stub.base_url, account_sid, PROPERTY_REGISTER=str(register_csv))
    stack = make_stack(env, instance)
    log(f"{store}: starting the stack in {instance} ...")
    try:
        stack.start()
        full = stack.full_env()
        evaluation = Evaluation.for_stack(stack, stub)
        association_id = next(a["id"] for a in evaluation.api("/api/associations")
                              if a["name"] == "Demo Bolig Glostrup")
        # Calibration homes are the last of the register; the load takes homes from the front.
        scripts = calibrate(evaluation, units[-8:], "sms", 0) + calibrate(evaluation, units[-16:-8], "web", 100)
        for script in scripts:
            log(f"  calibrated {script.channel} {script.name}: {len(script.messages)} messages"
                f"{'' if script.ticketed else ' (NO TICKET: replayed as sent)'}")
        names = args.paths if store == "sqlite" else [p for p in args.paths if p != "web"]
        targets = [Target(name, name, stack, full, association_id, stub) for name in names]
        monitor = ProcessMonitor(stack.processes)
        results, alerts = await ramp(stack, full, store, targets, scripts, args.rates, args.step_seconds, book, stub,
                                     monitor, log)
        profiles, profile_rate = {}, None
        if args.profile and store == "sqlite":
            best = sustained(results, "sms", store, p99=P99_LIMIT)
            profile_rate = max(best.rate if best else args.rates[0], args.rates[0])
            sms = next(t for t in targets if t.name == "sms")
            log(f"  profiling with py-spy at {profile_rate:g} SMS/s ...")
            load = asyncio.create_task(run_step(sms, scripts, profile_rate, PROFILE_SECONDS + 3, book,
                                                random.Random(3)))
            await asyncio.sleep(1.5)
            profiles = await asyncio.to_thread(profile_processes, stack, PROFILE_SECONDS, instance)
            await load
        monitor.sample_rss()
        return {"results": results, "alerts": alerts, "peak_rss": monitor.peak_rss, "peak_total": monitor.peak_total,
                "profiles": profiles, "profile_rate": profile_rate, "scripts": scripts}
    finally:
        stack.stop()
        stub.stop()
        if drop:
            drop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.bench", description=__doc__)
    parser.add_argument("--rates", default=",".join(str(r) for r in DEFAULT_RATES),
                        help="offered messages per second, ascending (default %(default)s)")
    parser.add_argument("--step-seconds", type=float, default=STEP_SECONDS)
    parser.add_argument("--stores", default="sqlite,postgresql")
    parser.add_argument("--paths", default="sms,rest,web", help="sms, web and/or rest (Rasa's REST channel)")
    parser.add_argument("--no-train", action="store_true", help="skip timing a full `rasa train`")
    parser.add_argument("--no-profile", dest="profile", action="store_false", help="skip py-spy")
    parser.add_argument("--no-docs", action="store_true", help="do not update docs/benchmarks.md and the plot")
    parser.add_argument("--json", help="also write the raw results here")
    args = parser.parse_args(argv)
    args.rates = [float(r) for r in args.rates.split(",")]
    args.paths = [p.strip() for p in args.paths.split(",") if p.strip()]

    def log(text: str) -> None:
        print(text, flush=True)

    workdir = Path(tempfile.mkdtemp(prefix="repairbot-bench-"))
    register_csv = workdir / "register.csv"
    units = bench_register(register_csv)
    book = PhoneBook(units)
    report: dict = {"when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "machine": machine(),
                    "step_seconds": args.step_seconds, "units": len(units) + len(load_register()), "steps": [],
                    "alerts": {}, "peak_rss": {}, "peak_total": 0, "profiles": {}}
    results: list[StepResult] = []
    for store in [s.strip() for s in args.stores.split(",") if s.strip()]:
        data = asyncio.run(bench_store(store, args, units, register_csv, book, log))
        results += data["results"]
        values = [x for xs in data["alerts"].values() for x in xs]
        report["alerts"][store] = {"n": len(values), "p50": percentile(values, 50), "p99": percentile(values, 99),
                                   "max": max(values) if values else None, "values": values}
        for name, rss in data["peak_rss"].items():
            key = name if store == "sqlite" else f"{name} ({store})"
            report["peak_rss"][key] = rss
        report["peak_total"] = max(report["peak_total"], data["peak_total"])
        if store == "sqlite" or not report.get("scripts"):
            report["scripts"] = [s.__dict__ for s in data["scripts"]]
        if data["profiles"]:
            report["profiles"], report["profile_rate"] = data["profiles"], data["profile_rate"]
    report["steps"] = [r.__dict__ for r in results]
    if not args.no_train:
        log("timing a full `rasa train` ...")
        report["train_seconds"] = train_seconds(workdir / "models")
    report["targets"] = judge(report, results)
    for target, (held, detail) in report["targets"].items():
        log(f"target {target}: {'holds' if held else 'MISSED'} ({detail})")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2, default=str))
    if not args.no_docs:
        plot(results, PLOT)
        write_docs("bench", docs_section(report, "make bench"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
