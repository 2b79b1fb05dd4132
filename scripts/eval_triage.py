"""`make eval`, part two: triage as a short conversation, on a set of first messages written apart from `data/`.

For each message, as the first of a conversation:
- **single message**: the model's parse plus bot.triage (exactly as the dialogue does), and whether a safety
  question is then pending (bot.intake.safety, exactly as the form decides);
- **after the safety questions**: a truthful tenant answers each question from the item's `facts`, until the
  tree asks nothing more; the priority then is the one the ticket would get.

Every share is printed with a 95 % Wilson interval. Usage:
  .venv/bin/python -m scripts.eval_triage --set eval/blind/messages.yaml [--json figures.json] [--misses]
"""

from __future__ import annotations

import argparse
import io
import json
import math
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot import clock
from bot.intake import safety
from bot.triage import from_parse
from bot.triage.hazards import find_hazards, mentions_vulnerable
from bot.triage.policy import Policy
from bot.triage.vague import is_vague
from harness.stack import model_path
from scripts.eval_e2e import write_docs
from scripts.eval_nlu import RasaServer

PRIORITIES = ("emergency", "urgent", "routine")
TARGETS = {"emergencies caught": 1.0, "emergency precision": 0.90, "category accuracy": 0.92}
QUESTION_RATE_TARGET = 0.40
Z95 = 1.959964


def right_category(result) -> bool:
    """The category is one a housing officer accepts: the item's, or one of its list ("[water, heating]")."""
    gold = result.item.get("category")
    return result.category in gold if isinstance(gold, list) else result.category == gold


@dataclass
class Result:
    item: dict
    category: str | None
    first_priority: str | None
    question: str | None  # the safety question pending after the first message
    final_priority: str | None
    asked: list[str] = field(default_factory=list)
    vague: bool = False

    @property
    def gold(self) -> str | None:
        return self.item.get("priority")

    @property
    def caught(self) -> bool:
        return self.first_priority == "emergency" or self.question is not None


def wilson(hits: int, total: int) -> tuple[float, float, float] | None:
    """Share with its 95 % Wilson score interval."""
    if not total:
        return None
    p = hits / total
    centre = (p + Z95 ** 2 / (2 * total)) / (1 + Z95 ** 2 / total)
    half = Z95 * math.sqrt(p * (1 - p) / total + Z95 ** 2 / (4 * total ** 2)) / (1 + Z95 ** 2 / total)
    return p, max(0.0, centre - half), min(1.0, centre + half)


def triage_item(item: dict, parse: dict, *, month: int, policy: Policy, default_language: str) -> Result:
    text = item["text"]
    month = int(item.get("month", month))
    first = from_parse(text, parse, month=month, policy=policy, current_language=None,
                       default_language=default_language)
    hazards = [h.key for h in find_hazards(text)]
    vulnerable = mentions_vulnerable(text)
    answers: dict[str, str] = {}
    question = safety.next_question(category=first.category, text=text, hazards=hazards,
                                    priority=first.priority, answers=answers, vulnerable=vulnerable)
    priority, asked = first.priority, []
    facts = item.get("facts") or []
    next_slot = question
    while next_slot is not None and len(asked) < len(safety.slots()):
        asked.append(next_slot)
        answers[next_slot] = safety.question(next_slot).truthful_answer(facts)
        priority = safety.priority(hazards=hazards, answers=answers, month=month, vulnerable=vulnerable,
                                   policy=policy, current=priority)
        next_slot = safety.next_question(category=first.category, text=text, hazards=hazards, priority=priority,
                                         answers=answers, vulnerable=vulnerable)
    return Result(item=item, category=first.category, first_priority=first.priority, question=question,
                  final_priority=priority or "routine", asked=asked, vague=is_vague(text))


def share(results: list[Result], hit) -> tuple[int, int]:
    return sum(1 for r in results if hit(r)), len(results)


def figures(results: list[Result]) -> dict:
    repairs = [r for r in results if r.gold]
    emergencies = [r for r in repairs if r.gold == "emergency"]
    calm = [r for r in repairs if r.gold != "emergency"]
    committed = [r for r in repairs if r.first_priority == "emergency"]
    final_em = [r for r in repairs if r.final_priority == "emergency"]
    out = {
        "messages": (len(results), None),
        "emergencies caught": share(emergencies, lambda r: r.caught),
        "emergency recall, first message alone": share(emergencies, lambda r: r.first_priority == "emergency"),
        "emergency precision": share(committed, lambda r: r.gold == "emergency"),
        "questions on non-emergencies": share(calm, lambda r: r.question is not None),
        "category accuracy": share(repairs, lambda r: right_category(r)),
        "priority accuracy, first message": share(repairs, lambda r: (r.first_priority or "routine") == r.gold),
        "emergency recall after questions": share(emergencies, lambda r: r.final_priority == "emergency"),
        "emergency precision after questions": share(final_em, lambda r: r.gold == "emergency"),
        "priority accuracy after questions": share(repairs, lambda r: r.final_priority == r.gold),
        "mean questions per report": (sum(len(r.asked) for r in repairs), len(repairs)),
    }
    vague = [r for r in results if r.item.get("category") is None]
    if vague:
        out["vague openings asked what is wrong"] = share(vague, lambda r: r.vague)
    return out


def fmt(value: tuple) -> str:
    hits, total = value
    if total is None:
        return str(hits)
    if not total:
        return "n/a"
    if isinstance(hits, int) and hits <= total and not isinstance(total, float):
        p, low, high = wilson(hits, total)
        return f"{p:.3f} [{low:.2f}-{high:.2f}] {hits}/{total}"
    return f"{hits / total:.2f}"


def confusion(results: list[Result], attribute: str) -> list[list[int]]:
    counts = Counter((r.gold, getattr(r, attribute) or "routine") for r in results if r.gold)
    return [[counts[(gold, pred)] for pred in PRIORITIES] for gold in PRIORITIES]


def report(results: list[Result], *, misses: bool, out=sys.stdout) -> dict:
    groups = {"all": results, **{lang: [r for r in results if r.item["language"] == lang] for lang in ("da", "en")}}
    table = {name: figures(group) for name, group in groups.items()}
    rows = list(table["all"])
    print(f"{'':40}" + "".join(f"{name:>28}" for name in groups), file=out)
    for row in rows:
        mean = row.startswith("mean")
        cells = "".join(f"{(fmt(table[g][row]) if not mean else fmt_mean(table[g][row])):>28}" for g in groups)
        print(f"{row:40}{cells}", file=out)
    for attribute, title in (("first_priority", "first message alone"), ("final_priority", "after the questions")):
        print(f"\npriority confusion, {title} (rows: true, columns: predicted)", file=out)
        print(f"{'':12}" + "".join(f"{p:>11}" for p in PRIORITIES), file=out)
        for gold, row in zip(PRIORITIES, confusion(results, attribute), strict=True):
            print(f"{gold:12}" + "".join(f"{n:>11}" for n in row), file=out)
    asked = Counter(slot for r in results for slot in r.asked)
    print("\nsafety questions asked: " + ", ".join(f"{slot} {n}" for slot, n in asked.most_common()), file=out)
    if misses:
        print("\nmissed emergencies (no page, no question):", file=out)
        for r in results:
            if r.gold == "emergency" and not r.caught:
                print(f"  [{r.item['language']}] {r.item.get('class')}: {r.item['text']!r} -> {r.category}/"
                      f"{r.first_priority}", file=out)
        print("\nover-triaged (committed emergency):", file=out)
        for r in results:
            if r.gold and r.gold != "emergency" and r.first_priority == "emergency":
                print(f"  [{r.item['language']}] {r.item['text']!r} ({r.gold})", file=out)
        print("\nwrong priority after the questions:", file=out)
        for r in results:
            if r.gold and r.gold != "emergency" and (r.final_priority or "routine") != r.gold:
                print(f"  [{r.item['language']}] {r.item['text']!r}: {r.gold} -> {r.final_priority} "
                      f"(asked {', '.join(r.asked) or 'nothing'})", file=out)
        print("\nwrong category:", file=out)
        for r in results:
            if r.gold and not right_category(r):
                print(f"  [{r.item['language']}] {r.item['text']!r}: {r.item.get('category')} -> {r.category}",
                      file=out)
    return {g: {row: list(v) for row, v in t.items()} for g, t in table.items()} | {
        "confusion_first": confusion(results, "first_priority"),
        "confusion_final": confusion(results, "final_priority")}


def fmt_mean(value: tuple) -> str:
    total, count = value
    return f"{total / count:.2f}" if count else "n/a"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--set", type=Path, required=True, help="messages (eval/blind/messages.yaml format)")
    parser.add_argument("--model", default=None, help="model archive (default: models/current)")
    parser.add_argument("--default-language", default="da")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--misses", action="store_true", help="list the misses (never for the blind set's report)")
    parser.add_argument("--no-docs", action="store_true", help="do not write the figures into docs/benchmarks.md")
    parser.add_argument("--parses", type=Path, default=None,
                        help="reuse the model's parses from this JSON file (written on the first run)")
    args = parser.parse_args(argv)
    data = yaml.safe_load(args.set.read_text(encoding="utf-8"))
    month, items = int(data.get("month", 1)), list(data["items"])
    model = args.model or model_path()
    print(f"model {Path(model).name}, {len(items)} messages from {args.set}, month {month}", flush=True)
    policy = Policy()
    cached = json.loads(args.parses.read_text()) if args.parses and args.parses.exists() else None
    if cached is None:
        with RasaServer(model) as rasa:
            cached = {item["text"]: rasa.parse(item["text"]) for item in items}
        if args.parses:
            args.parses.write_text(json.dumps(cached))
    results = [triage_item(item, cached[item["text"]], month=month, policy=policy,
                           default_language=args.default_language) for item in items]
    buffer = io.StringIO()
    figures_json = report(results, misses=args.misses, out=buffer)
    print(buffer.getvalue())
    if not args.no_docs and not args.misses:
        body = (f"`make eval` ({args.set}, {len(items)} messages, model `{Path(model).name}`), "
                f"{clock.now():%Y-%m-%d}:\n\n```\n{buffer.getvalue().rstrip()}\n```")
        write_docs(f"eval-triage-{args.set.parent.name}", body)
    if args.json:
        args.json.write_text(json.dumps(figures_json, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
