"""The safety-question tree: which short yes/no question settles a report's priority, and what an answer means.

Plain functions over plain values, shared by the form (actions/repair_form.py) and the evaluation
(scripts/eval_nlu.py), so that what is measured is what tenants get. The questions themselves are policy data
(bot/triage/safety_questions.yml); their wording is in domain.yml (utter_ask_<slot>).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from bot.triage import negation
from bot.triage.hazards import HAZARDS, Hazard, find_hazards
from bot.triage.policy import Policy, highest
from bot.triage.text import skeleton

QUESTIONS_FILE = Path(__file__).resolve().parent.parent / "triage" / "safety_questions.yml"
PREFIX = "safety_"
YES, NO, UNKNOWN = "yes", "no", "unknown"
# A tenant who says there is danger but not which: the on-call team is paged all the same.
DANGER = "danger"

_YES = re.compile(r"^\s*(/affirm|1|yes|yeah|yep|yup|ya|y|aye|correct|it is|there is|they are|i do|i can|we do|"
                  r"definitely|absolutely|sure|ja|jah|jo|jep|jeps|ja da|ja det|ja det er|ja der er|ja den|ja de|"
                  r"ja desvaerre|desvaerre ja|det er det|det gor det|det kan jeg|korrekt|rigtigt|helt sikkert)\b")
_NO = re.compile(r"^\s*(/deny|2|no|nope|nah|n|not really|i don'?t think so|none|nothing|nobody|no one|never|"
                 r"it isn'?t|there isn'?t|they aren'?t|i can'?t|we can'?t|nej|nah|naeh|naej|nix|ikke|ingen|intet|"
                 r"ingenting|det er det ikke|det gor det ikke|slet ikke|overhovedet ikke)\b")


@dataclass(frozen=True)
class Question:
    slot: str
    categories: tuple[str | None, ...]
    raises: str | None = None
    otherwise: str | None = None
    marks: str | None = None
    danger_answer: str = YES
    only_if: re.Pattern | None = None
    skip_if: re.Pattern | None = None
    skip_hazards: frozenset[str] = frozenset()
    needs_hazards: frozenset[str] = frozenset()
    means: frozenset[str] = frozenset()
    negated: tuple[str, ...] = ()

    def applies(self, *, category: str | None, text: str, hazards: Iterable[str]) -> bool:
        """Whether this question still needs asking for a report in `category` whose words are `text`."""
        found = set(hazards)
        if category not in self.categories:
            return False
        if found & self.skip_hazards:
            return False
        if self.needs_hazards and not found & self.needs_hazards:
            return False
        folded = skeleton(text)
        if self.only_if is not None and not self.only_if.search(folded):
            return False
        if any(negation.negated(text, sign) for sign in self.negated):
            return False  # "no sparks", "der lugter ikke af gas": the tenant has answered it already
        return not (self.skip_if is not None and self.skip_if.search(folded))

    def truthful_answer(self, facts: Iterable[str]) -> str:
        """What a tenant in a situation with these facts answers (the evaluation's simulated tenants)."""
        danger = bool(self.means & set(facts))
        other = NO if self.danger_answer == YES else YES
        return self.danger_answer if danger else other

    def effect(self, answer: str) -> str | None:
        """The hazard (or mark) an answer adds: the danger answer raises, the other may add a lesser hazard."""
        if answer == self.danger_answer:
            return self.raises or self.marks
        if answer in (YES, NO):
            return self.otherwise
        return None


def _regex(value: str | None) -> re.Pattern | None:
    return re.compile(skeleton(value)) if value else None


def load(path: Path = QUESTIONS_FILE, overrides: Mapping | None = None) -> tuple[Question, ...]:
    """The question tree from the policy file; `overrides` (by slot) come from an association's policy."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
    by_slot = {entry["slot"]: dict(entry) for entry in entries}
    for slot, change in (overrides or {}).items():
        by_slot.setdefault(slot, {"slot": slot}).update(change)
    questions = []
    for entry in by_slot.values():
        if not entry["slot"].startswith(PREFIX):
            raise ValueError(f"safety question slots start with {PREFIX}: {entry['slot']}")
        questions.append(Question(
            slot=entry["slot"], categories=tuple(entry.get("categories") or ()), raises=entry.get("raises"),
            otherwise=entry.get("otherwise"), marks=entry.get("marks"),
            danger_answer=str(entry.get("danger_answer", YES)), only_if=_regex(entry.get("only_if")),
            skip_if=_regex(entry.get("skip_if")), skip_hazards=frozenset(entry.get("skip_hazards") or ()),
            needs_hazards=frozenset(entry.get("needs_hazards") or ()), means=frozenset(entry.get("means") or ()),
            negated=tuple(skeleton(sign) for sign in entry.get("negated") or ())))
    return tuple(questions)


@lru_cache(maxsize=1)
def default_questions() -> tuple[Question, ...]:
    return load()


def slots(questions: tuple[Question, ...] | None = None) -> tuple[str, ...]:
    return tuple(q.slot for q in questions or default_questions())


def question(slot: str, questions: tuple[Question, ...] | None = None) -> Question | None:
    return next((q for q in questions or default_questions() if q.slot == slot), None)


def interpret(text: str | None) -> str | None:
    """yes / no for 'ja', 'nej', 'yes', 'no', '1', '2' (the numbered options) and their payloads; else None."""
    folded = skeleton(text or "").strip(" .!?")
    if not folded:
        return None
    yes, no = bool(_YES.match(folded)), bool(_NO.match(folded))
    if yes == no:
        return None
    return YES if yes else NO


def _hazard(key: str) -> Hazard | None:
    return next((h for h in HAZARDS if h.key == key), None)


def answer_hazards(answers: Mapping[str, str | None], questions: tuple[Question, ...] | None = None) -> list[str]:
    """Hazard keys (and marks) that the answers given so far add, in the order of the questions."""
    found = []
    for q in questions or default_questions():
        effect = q.effect(answers.get(q.slot) or "")
        if effect and effect not in found:
            found.append(effect)
    return found


def priority(*, hazards: Iterable[str], answers: Mapping[str, str | None], month: int, vulnerable: bool,
             policy: Policy | None = None, current: str | None = None,
             questions: tuple[Question, ...] | None = None) -> str | None:
    """The report's priority once the answers are in: it can only go up from `current`."""
    policy = policy or Policy()
    from_answers = answer_hazards(answers, questions)
    vulnerable = vulnerable or "vulnerable" in from_answers
    levels = [current]
    for key in [*hazards, *from_answers]:
        if key == DANGER:
            levels.append("emergency")
            continue
        hazard = _hazard(key)
        if hazard is not None:
            levels.append(policy.hazard_priority(hazard, month=month, vulnerable=vulnerable))
    return highest(*levels)


def pending(*, category: str | None, text: str, hazards: Iterable[str], priority: str | None,
            answers: Mapping[str, str | None], vulnerable: bool = False,
            questions: tuple[Question, ...] | None = None) -> list[str]:
    """The safety questions still to ask, in order; none once the report is an emergency.

    `hazards` are those found in the conversation's words; the answers given so far add theirs, so that a
    follow-up (is anyone vulnerable?) is asked only after the answer that makes it matter (all heating off).
    """
    if priority == "emergency":
        return []
    questions = questions or default_questions()
    found = set(hazards) | set(answer_hazards(answers, questions))
    return [q.slot for q in questions
            if answers.get(q.slot) is None and not (vulnerable and q.marks == "vulnerable")
            and q.applies(category=category, text=text, hazards=found)]


def next_question(**kwargs) -> str | None:
    """The one safety question to ask now, or None when the priority is settled."""
    waiting = pending(**kwargs)
    return waiting[0] if waiting else None


# Answers to these questions are who and where, never a description of the fault.
NOT_DESCRIPTIONS = ("address", "reporter_name", "contact_phone", "address_options")


def report_text(turns: Iterable[tuple[str, str | None]]) -> str:
    """The words of one report so far: the tenant's messages, minus plain answers to who/where and yes/no.

    `turns` are (message, the slot that was being asked when it came). Messages are joined with " / ", a
    clause boundary, so that a hazard told over two messages is still seen and a negation stays in its message.
    """
    kept = []
    for text, requested in turns:
        text = (text or "").strip()
        if not text or text.startswith("/") or requested in NOT_DESCRIPTIONS and not find_hazards(text):
            continue
        if requested and requested.startswith(PREFIX) and interpret(text) is not None and len(text.split()) <= 3:
            continue
        kept.append(text)
    return " / ".join(kept)
