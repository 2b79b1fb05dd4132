"""CPU per reply of the Rasa server, unpatched (`rasa run`) against patched (`python -m rasa_launcher run`).

The same scripted turns, one at a time, straight at Rasa's REST channel, on a fresh instance each; the figure is
the CPU seconds (user + system) each process spent, divided by the replies. Usage:
`.venv/bin/python -m scripts.bench_rasa_cpu [--rounds 2] [--json FILE]`.
"""

from __future__ import annotations

import argparse
import json
import secrets
import subprocess
import tempfile
import time
from pathlib import Path

import psutil
import requests

from bot.settings import ROOT
from scripts.bench import BENCH_TENANTS

FOLLOW_UPS = {
    "da": ["i køkkenet", "Hovedgaden 12, 2. tv, 2600 Glostrup", "Anna Berg", "ja"],
    "en": ["in the kitchen", "Hovedgaden 12, 2. tv, 2600 Glostrup", "Anna Berg", "yes"],
}


def turns(rounds: int) -> list[tuple[str, str]]:
    out = []
    for round_ in range(rounds):
        for index, (_name, language, _emergency, opening, access) in enumerate(BENCH_TENANTS):
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


def measure(patched: bool, rounds: int) -> dict:
    from harness.stack import Stack, model_path

    class RasaStack(Stack):
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
            script = turns(rounds)
            before = {name: cpu(p) for name, p in procs.items()}
            started = time.monotonic()
            replies = 0
            for sender, text in script:
                replies += bool(stack.say(sender, text))
            wall = time.monotonic() - started
            after = {name: cpu(p) for name, p in procs.items()}
        finally:
            stack.stop()
    per_turn = {name: (after[name] - before[name]) / len(script) for name in procs}
    return {"patched": patched, "turns": len(script), "replied": replies, "wall_per_turn": wall / len(script),
            "cpu_per_turn": per_turn}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--json", default="")
    parser.add_argument("--no-docs", action="store_true")
    args = parser.parse_args(argv)
    load_before = psutil.getloadavg()
    results = [measure(False, args.rounds), measure(True, args.rounds)]
    load = psutil.getloadavg()
    for r in results:
        print(f"{'patched' if r['patched'] else 'unpatched':9} turns={r['turns']} replied={r['replied']} "
              f"wall/turn={r['wall_per_turn'] * 1000:.0f} ms " +
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
             "each configuration on a fresh instance; CPU seconds (user + system) of each process per turn.", "",
             "| Rasa | turns answered | wall time per turn | CPU per turn: rasa | actions |",
             "| --- | --- | --- | --- | --- |"]
    for r in results:
        cpu = r["cpu_per_turn"]
        lines.append(f"| {'rasa_launcher (patched)' if r['patched'] else 'rasa run (as shipped)'} | "
                     f"{r['replied']}/{r['turns']} | {r['wall_per_turn'] * 1000:.0f} ms | "
                     f"**{cpu['rasa'] * 1000:.0f} ms** | {cpu['actions'] * 1000:.0f} ms |")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
