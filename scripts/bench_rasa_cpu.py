"""CPU per reply of the Rasa server, unpatched (`rasa run`) against patched (`python -m rasa_launcher run`).

The same scripted turns, one at a time, straight at Rasa's REST channel, on a fresh instance each; the figure is
the CPU seconds (user + system) each process spent, divided by the replies, and the remote action calls Rasa made
per turn (counted by a relay in front of the action server, harness/action_calls.py). Usage:
`.venv/bin/python -m scripts.bench_rasa_cpu [--rounds 2] [--json FILE]`; `--count-calls` only counts the calls of
two fixed 6-turn conversations (a leak, a gas emergency) on the patched Rasa, turn by turn, and measures no CPU.
"""

from __future__ import annotations

import argparse
import json
import secrets
import subprocess
import tempfile
import time
from collections import Counter
from pathlib import Path

import psutil
import requests

from bot.settings import ROOT
from scripts.bench import BENCH_TENANTS

FOLLOW_UPS = {
    "da": ["i køkkenet", "Hovedgaden 12, 2. tv, 2600 Glostrup", "Anna Berg", "ja"],
    "en": ["in the kitchen", "Hovedgaden 12, 2. tv, 2600 Glostrup", "Anna Berg", "yes"],
}


# The conversations `--count-calls` plays: one routine report, one emergency (advice and a page on the way).
COUNTED_TENANTS = ("da-leak", "en-gas")


def turns(rounds: int, tenants: tuple[str, ...] | None = None) -> list[tuple[str, str]]:
    out = []
    for round_ in range(rounds):
        for index, (name, language, _emergency, opening, access) in enumerate(BENCH_TENANTS):
            if tenants is not None and name not in tenants:
                continue
            sender = f"+4526{round_:02d}{index:04d}{secrets.randbelow(100):02d}"
            out += [(sender, text) for text in [opening, *FOLLOW_UPS[language], access]]
    return out


def cpu(proc: psutil.Process) -> float:
    total = 0.0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.NoSuchProcess:
            pass
    return total


def measure(patched: bool, rounds: int, script: list[tuple[str, str]] | None = None) -> dict:
    from harness.action_calls import ActionCallRelay
    from harness.stack import Stack, model_path

    class RasaStack(Stack):
        relay: ActionCallRelay | None = None

        def full_env(self) -> dict:
            env = super().full_env()
            if self.relay is not None:
                env["ACTION_SERVER_URL"] = self.relay.url  # Rasa calls the actions through the counting relay
            return env

        def start_process(self, name: str) -> None:
            if name == "rasa" and not patched:
                token = self.full_env()["RASA_TOKEN"]
                self._spawn(name, [str(ROOT / ".venv-rasa/bin/rasa"), "run", "--enable-api", f"--auth-token={token}",
                                   "-i", "127.0.0.1", "-p", str(self.rasa_port), "-m", model_path(), "--endpoints",
                                   str(self.instance / "endpoints.yml"), "--credentials",
                                   str(ROOT / "credentials.yml")])
            else:
                super().start_process(name)

    with tempfile.TemporaryDirectory(prefix="bench-rasa-cpu-") as tmp:
        env = {"RASA_TOKEN": secrets.token_urlsafe(16), "STAFF_API_TOKEN": "x" * 20, "SECRET_KEY": "y" * 20,
               "DATABASE_URL": f"sqlite:///{Path(tmp) / 'repairbot.db'}"}
        stack = RasaStack(env=env, instance=Path(tmp))
        relay = stack.relay = ActionCallRelay(stack.action_port).start()
        subprocess.run([str(ROOT / ".venv/bin/python"), "-m", "bot.cli", "init"], cwd=ROOT, env=stack.full_env(),
                       check=True, capture_output=True)
        try:
            stack.start_process("actions")
            stack.start_process("rasa")
            deadline = time.monotonic() + 300
            while True:
                try:
                    if requests.get(f"{stack.rasa}/status", params={"token": env["RASA_TOKEN"]},
                                    timeout=2).json().get("model_file"):
                        break
                except (requests.RequestException, ValueError):
                    pass
                if time.monotonic() > deadline or stack.processes["rasa"].poll() is not None:
                    raise RuntimeError(stack.log("rasa")[-2000:])
                time.sleep(1)
            procs = {name: psutil.Process(p.pid) for name, p in stack.processes.items()}
            stack.say("+4500000000", "hej")  # first turn loads lazily; keep it out of the figure
            script = script or turns(rounds)
            before = {name: cpu(p) for name, p in procs.items()}
            started = time.monotonic()
            replies = 0
            calls_by_turn, said = [], []
            start_mark = relay.mark()
            for sender, text in script:
                mark = relay.mark()
                answer = stack.say(sender, text)
                replies += bool(answer)
                calls_by_turn.append(relay.since(mark))
                said.append([m.get("text", "") for m in answer])
            sent_bytes = relay.bytes_since(start_mark)
            wall = time.monotonic() - started
            after = {name: cpu(p) for name, p in procs.items()}
        finally:
            stack.stop()
            relay.stop()
    per_turn = {name: (after[name] - before[name]) / len(script) for name in procs}
    calls = [name for turn in calls_by_turn for name in turn]
    return {"patched": patched, "turns": len(script), "replied": replies, "wall_per_turn": wall / len(script),
            "cpu_per_turn": per_turn, "action_calls_per_turn": len(calls) / len(script),
            "action_kb_per_turn": sent_bytes / 1000 / len(script),
            "action_calls": dict(Counter(calls).most_common()),
            "turn_calls": [{"text": text, "calls": turn, "replies": answer}
                           for (_sender, text), turn, answer in zip(script, calls_by_turn, said, strict=True)]}


def count_calls() -> dict:
    """The remote action calls of two fixed 6-turn conversations, turn by turn (patched Rasa; no CPU figures)."""
    result = measure(True, 1, turns(1, COUNTED_TENANTS))
    for turn in result["turn_calls"]:
        print(f"{len(turn['calls'])} calls  {turn['text'][:40]:40}  {' '.join(turn['calls'])}")
    print(f"{result['turns']} turns, {result['action_calls_per_turn']:.2f} action calls and "
          f"{result['action_kb_per_turn']:.0f} kB to the action server per turn: " +
          ", ".join(f"{name} {count}" for name, count in result["action_calls"].items()))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--json", default="")
    parser.add_argument("--no-docs", action="store_true")
    parser.add_argument("--count-calls", action="store_true")
    args = parser.parse_args(argv)
    if args.count_calls:
        result = count_calls()
        if args.json:
            Path(args.json).write_text(json.dumps(result, indent=2))
        return 0
    load_before = psutil.getloadavg()
    results = [measure(False, args.rounds), measure(True, args.rounds)]
    load = psutil.getloadavg()
    for r in results:
        print(f"{'patched' if r['patched'] else 'unpatched':9} turns={r['turns']} replied={r['replied']} "
              f"wall/turn={r['wall_per_turn'] * 1000:.0f} ms action-calls/turn={r['action_calls_per_turn']:.2f} "
              f"({r['action_kb_per_turn']:.0f} kB) " +
              " ".join(f"{k}={v * 1000:.0f} ms" for k, v in r["cpu_per_turn"].items()))
    print(f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {psutil.cpu_count()} cores")
    if args.json:
        Path(args.json).write_text(json.dumps({"results": results, "loadavg": load}, indent=2))
    if not args.no_docs:
        from scripts.eval_e2e import write_docs

        write_docs("rasa-cpu", docs_section(results, args.rounds, load_before, load))
    return 0


def docs_section(results: list[dict], rounds: int, load_before, load_after) -> str:
    lines = [f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} with "
             f"`python -m scripts.bench_rasa_cpu --rounds {rounds}` on {psutil.cpu_count()} cores, shared with other "
             f"engineers' jobs (load average {load_before[0]:.1f} before, {load_after[0]:.1f} after). The same "
             f"{results[0]['turns']} turns of the six bench tenants, one at a time, straight at Rasa's REST channel, "
             "each configuration on a fresh instance; CPU seconds (user + system) of each process per turn, and the "
             "remote action calls Rasa made per turn and what they carried (the tracker; the domain only to "
             "validate_* actions).", "",
             "| Rasa | turns answered | wall time per turn | CPU per turn: rasa | actions | action calls per turn |",
             "| --- | --- | --- | --- | --- | --- |"]
    for r in results:
        cpu = r["cpu_per_turn"]
        lines.append(f"| {'rasa_launcher (patched)' if r['patched'] else 'rasa run (as shipped)'} | "
                     f"{r['replied']}/{r['turns']} | {r['wall_per_turn'] * 1000:.0f} ms | "
                     f"**{cpu['rasa'] * 1000:.0f} ms** | {cpu['actions'] * 1000:.0f} ms | "
                     f"{r['action_calls_per_turn']:.2f} ({r['action_kb_per_turn']:.0f} kB) |")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
