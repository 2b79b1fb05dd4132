"""`make eval`: score the trained Rasa model plus bot.triage on the held-out tenant messages, per language."""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import requests
import yaml

from bot.triage import from_parse
from bot.triage.policy import Policy
from harness.stack import free_port, model_path

ROOT = Path(__file__).resolve().parent.parent
HELDOUT = ROOT / "eval" / "nlu" / "heldout.yml"
RASA_STARTUP_SECONDS = 300
PARSE_TIMEOUT_SECONDS = 30
TARGETS = {"emergency_recall": 1.0, "emergency_precision": 0.90, "category_accuracy": 0.92, "language_accuracy": 0.98}


@dataclass
class Outcome:
    item: dict
    intent: str | None
    category: str | None
    priority: str | None
    language: str | None

    @property
    def gold_emergency(self) -> bool:
        return self.item.get("priority") == "emergency"

    @property
    def predicted_emergency(self) -> bool:
        return self.priority == "emergency"

    def errors(self) -> list[str]:
        item, wrong = self.item, []
        if self.intent != item["intent"]:
            wrong.append(f"intent {item['intent']}->{self.intent}")
        if item["intent"] == "report_repair":
            if self.category != item["category"]:
                wrong.append(f"category {item['category']}->{self.category}")
            if self.priority != item["priority"]:
                wrong.append(f"priority {item['priority']}->{self.priority}")
        elif self.predicted_emergency:
            wrong.append("priority none->emergency")
        if self.language != item["language"]:
            wrong.append(f"language {item['language']}->{self.language}")
        return wrong




class RasaServer:
    """The real Rasa server with the current model, on a free port, for /model/parse."""

    def __init__(self, model: str) -> None:
        self.model = model
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self.log = tempfile.NamedTemporaryFile(prefix="eval-rasa-", suffix=".log", delete=False)

    def __enter__(self) -> RasaServer:
        argv = [str(ROOT / ".venv-rasa/bin/rasa"), "run", "--enable-api", "--auth-token", self.token,
                "-i", "127.0.0.1", "-p", str(self.port), "-m", self.model]
        self.proc = subprocess.Popen(argv, cwd=tempfile.gettempdir(), stdout=self.log, stderr=subprocess.STDOUT,
                                     start_new_session=True, env=dict(os.environ))
        deadline = time.monotonic() + RASA_STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"rasa exited early, see {self.log.name}")
            try:
                status = requests.get(f"{self.url}/status", params={"token": self.token}, timeout=2)
                if status.ok and status.json().get("model_file"):
                    return self
            except requests.RequestException:
                pass
            time.sleep(1)
        self.__exit__()
        raise RuntimeError(f"rasa did not start in {RASA_STARTUP_SECONDS}s, see {self.log.name}")

    def __exit__(self, *exc) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()

    def parse(self, text: str) -> dict:
        response = requests.post(f"{self.url}/model/parse", params={"token": self.token}, json={"text": text},
                                 timeout=PARSE_TIMEOUT_SECONDS)
        response.raise_for_status()
        return response.json()


def load(path: Path) -> tuple[int, list[dict]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return int(data.get("month", 1)), list(data["items"])


def evaluate(items: list[dict], parse, *, month: int, default_language: str) -> list[Outcome]:
    """Each message as the first of a conversation, triaged exactly as the dialogue does (actions/triage.py)."""
    policy = Policy()
    outcomes = []
    for item in items:
        text = item["text"]
        result = from_parse(text, parse(text), month=int(item.get("month", month)), policy=policy,
                            current_language=None, default_language=default_language)
        outcomes.append(Outcome(item=item, intent=result.intent, category=result.category,
                                priority=result.priority, language=result.language))
    return outcomes


def macro_f1(pairs: list[tuple[str, str | None]]) -> float:
    labels = sorted({gold for gold, _ in pairs})
    scores = []
    for label in labels:
        tp = sum(1 for g, p in pairs if g == label and p == label)
        fp = sum(1 for g, p in pairs if g != label and p == label)
        fn = sum(1 for g, p in pairs if g == label and p != label)
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores) if scores else 0.0


def ratio(hit: int, total: int) -> float | None:
    return hit / total if total else None


def metrics(outcomes: list[Outcome]) -> dict:
    repairs = [o for o in outcomes if o.item["intent"] == "report_repair"]
    gold_em = [o for o in outcomes if o.gold_emergency]
    pred_em = [o for o in outcomes if o.predicted_emergency]
    return {
        "messages": len(outcomes),
        "repairs": len(repairs),
        "intent_f1_macro": macro_f1([(o.item["intent"], o.intent) for o in outcomes]),
        "intent_accuracy": ratio(sum(o.intent == o.item["intent"] for o in outcomes), len(outcomes)),
        "category_accuracy": ratio(sum(o.category == o.item["category"] for o in repairs), len(repairs)),
        "priority_accuracy": ratio(sum(o.priority == o.item["priority"] for o in repairs), len(repairs)),
        "emergency_recall": ratio(sum(o.predicted_emergency for o in gold_em), len(gold_em)),
        "emergency_precision": ratio(sum(o.gold_emergency for o in pred_em), len(pred_em)),
        "emergencies": len(gold_em),
        "language_accuracy": ratio(sum(o.language == o.item["language"] for o in outcomes), len(outcomes)),
    }


def fmt(value) -> str:
    return "n/a" if value is None else (f"{value:.3f}" if isinstance(value, float) else str(value))


def report(outcomes: list[Outcome], out=sys.stdout) -> tuple[dict, bool]:
    per_language = {lang: metrics([o for o in outcomes if o.item["language"] == lang]) for lang in ("da", "en")}
    names = ["messages", "repairs", "emergencies", "intent_f1_macro", "intent_accuracy", "category_accuracy",
             "priority_accuracy", "emergency_recall", "emergency_precision", "language_accuracy"]
    print(f"{'':22}{'da':>10}{'en':>10}", file=out)
    for name in names:
        print(f"{name:22}" + "".join(f"{fmt(per_language[lang][name]):>10}" for lang in ("da", "en")), file=out)
    met = True
    for lang, values in per_language.items():
        for name, target in TARGETS.items():
            if values[name] is not None and values[name] < target:
                met = False
                print(f"target missed: {lang} {name} {values[name]:.3f} < {target}", file=out)
    print("targets: " + ("all met" if met else "MISSED"), file=out)

    wrong = [(o, o.errors()) for o in outcomes if o.errors()]
    print(f"\nmisclassified ({len(wrong)} of {len(outcomes)}):", file=out)
    for o, errors in wrong:
        print(f"  [{o.item['language']}] {o.item['text']!r}: {'; '.join(errors)}", file=out)
    confusions = Counter(e for _, errors in wrong for e in errors if not e.startswith("language"))
    print("\nmost frequent confusions:", file=out)
    for error, count in confusions.most_common(10):
        print(f"  {count:3}  {error}", file=out)
    return per_language, met


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--set", type=Path, default=HELDOUT, help="evaluation set (YAML)")
    parser.add_argument("--model", default=None, help="model archive (default: models/current)")
    parser.add_argument("--default-language", default="da", help="the association's language (first association)")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)

    month, items = load(args.set)
    model = args.model or model_path()
    print(f"model {Path(model).name}, {len(items)} messages from {args.set}, month {month}", flush=True)
    with RasaServer(model) as rasa:
        outcomes = evaluate(items, rasa.parse, month=month, default_language=args.default_language)
    per_language, met = report(outcomes)
    if args.json:
        args.json.write_text(json.dumps(per_language, indent=2))
    return 1 if args.strict and not met else 0


if __name__ == "__main__":
    sys.exit(main())
