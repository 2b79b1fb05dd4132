"""`make eval-e2e`: simulated tenants talk to the real stack over signed SMS and web chat; tickets are checked."""

from __future__ import annotations

import argparse
import csv
import json
import re
import secrets
import statistics
import sys
import tempfile
import time
import unicodedata
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import phonenumbers
import requests
import yaml

from bot.intake import safety
from bot.settings import ROOT
from bot.staff import labels

PROFILES_DIR = ROOT / "eval" / "tenants"
REGISTER = ROOT / "demo" / "register.csv"
DOCS = ROOT / "docs" / "benchmarks.md"
# A winter night (Tuesday 23:15 in Copenhagen): out of hours, and lost heating counts as an emergency.
EVAL_NOW = "2026-11-24T22:15:00+00:00"
MAX_TURNS = 24
MAX_SAME_QUESTION = 4
ALERT_WAIT_SECONDS = 15.0
HTTP_TIMEOUT = 30
FORM_SLOTS = ("problem", "location_in_home", "address", "reporter_name", "contact_phone", "access_notes")
YES = {"da": "ja", "en": "yes"}
NO = {"da": "nej", "en": "no"}
# Options a tenant who wants the repair logged picks when the bot offers a choice it did not script (self-help).
CONTINUE_WORDS = ("nej", "no", "fortsæt", "continue", "anmeld", "report", "send", "reparation", "repair",
                  "hjælp ikke", "didn't help", "did not help", "virkede ikke", "still")
TARGET_CORRECT = 0.95
# An offered option this close to the tenant's home is the home (a "which of these is yours?" menu).
ADDRESS_OPTION_SCORE = 80
TARGET_MEDIAN_TURNS_SMS = 7


# -- profiles ----------------------------------------------------------------------------------------------

@dataclass
class Unit:
    unit_id: str
    association: str
    street: str
    number: str
    floor: str
    door: str
    postcode: str
    city: str

    def typed(self, style: int = 0) -> str:
        """The address as a tenant would type it; `style` varies punctuation and detail."""
        if self.unit_id.startswith("BR") or self.door.lower().startswith("flat") or not self.floor:
            lead = f"{self.door}, " if self.door else ""
            house = f"{self.number} {self.street}".strip()
            return [f"{lead}{house}, {self.city} {self.postcode}", f"{lead}{house} {self.postcode}"][style % 2]
        floor = f"{self.floor}." if self.floor.isdigit() else self.floor
        variants = [
            f"{self.street} {self.number}, {floor} {self.door}, {self.postcode} {self.city}",
            f"{self.street} {self.number} {self.floor} {self.door}",
            f"{self.street} {self.number}, {floor} {self.door}",
            f"{self.street.lower()} {self.number} {self.floor} {self.door} {self.postcode}",
        ]
        return variants[style % len(variants)]

    def tokens(self) -> list[str]:
        """What a verified address must contain to be this home."""
        parts = [self.street.split(",")[-1], self.number, self.floor, self.door, self.postcode]
        return [fold(p) for p in parts if p]


def fold(text: str) -> str:
    """Lowercase, æøå and accents spelt out, punctuation to spaces: for comparing addresses."""
    text = (text or "").lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def load_register(path: Path = REGISTER) -> dict[str, Unit]:
    with open(path, newline="", encoding="utf-8") as handle:
        return {row["unit_id"]: Unit(row["unit_id"], row["association"], row["street"], row["number"], row["floor"],
                                     row["door"], row["postcode"], row["city"]) for row in csv.DictReader(handle)}


@dataclass
class Profile:
    id: str
    channel: str
    language: str
    name: str
    says: list[str]
    unit: Unit | None
    association: str
    phone: str  # the tenant's own number in E.164 (SMS sender; web tenants type it)
    answers: dict[str, list[str]]
    events: list[dict]
    after_ticket: list[dict]
    expect: dict
    facts: list[str] = field(default_factory=list)  # true hazards: how this tenant answers the safety questions

    def answer(self, slot: str, asked: int) -> str | None:
        options = self.answers.get(slot)
        if options:
            return options[min(asked, len(options) - 1)]
        return None


ROOMS = {
    "da": (("køkken", "køkkenet"), ("koekken", "køkkenet"), ("bad", "badeværelset"), ("toilet", "badeværelset"),
           ("soveværelse", "soveværelset"), ("stue", "stuen"), ("entré", "entréen"), ("gang", "gangen"),
           ("altan", "stuen"), ("komfur", "køkkenet"), ("emhætte", "køkkenet")),
    "en": (("kitchen", "kitchen"), ("bath", "bathroom"), ("toilet", "bathroom"), ("shower", "bathroom"),
           ("bedroom", "bedroom"), ("living", "living room"), ("hall", "hallway"), ("balcony", "living room"),
           ("cooker", "kitchen"), ("kettle", "kitchen")),
}
ANYWHERE = {"da": "stuen", "en": "living room"}


def room_in(says: list[str], language: str) -> str:
    """Where in the home, as this tenant would answer: the room their own words name, else the living room."""
    text = " ".join(says).lower()
    for word, room in ROOMS[language]:
        if word in text:
            return room
    return ANYWHERE[language]


def _auto_phone(index: int, country: str) -> str:
    """A valid, unique mobile number per profile (phonenumbers must accept it)."""
    candidate = f"+452610{index:04d}" if country == "DK" else f"+4479111{index:05d}"
    assert phonenumbers.is_valid_number(phonenumbers.parse(candidate)), candidate
    return candidate


def national(phone: str) -> str:
    return phonenumbers.format_number(phonenumbers.parse(phone), phonenumbers.PhoneNumberFormat.NATIONAL)


def load_profiles(directory: Path | list[Path] = PROFILES_DIR,
                  register: dict[str, Unit] | None = None) -> list[Profile]:
    """The profiles of every YAML file in `directory` (or of the files it names), numbered across all of them
    (the number makes each tenant's phone: two files loaded apart would give two tenants one phone)."""
    register = register if register is not None else load_register()
    profiles: list[Profile] = []
    seen: set[str] = set()
    places = directory if isinstance(directory, list) else [directory]
    paths = [f for place in places for f in ([place] if place.is_file() else sorted(place.glob("*.yaml")))]
    for path in paths:
        for raw in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            index = len(profiles) + 1
            if raw["id"] in seen:
                raise ValueError(f"{path.name}: duplicate profile id {raw['id']}")
            seen.add(raw["id"])
            unit = register[raw["unit"]] if raw.get("unit") else None
            association = raw.get("association") or (unit.association if unit else "Demo Bolig Glostrup")
            country = "GB" if "Bracknell" in association else "DK"
            phone = raw.get("phone") or _auto_phone(index, country)
            answers = {k: list(v) if isinstance(v, list) else [v] for k, v in (raw.get("answers") or {}).items()}
            channel = raw["channel"]
            if unit and "address" not in answers:
                answers["address"] = [unit.typed(index)]
            expect = dict(raw.get("expect") or {})
            if "contact_phone" not in answers:
                answers["contact_phone"] = ["{yes}" if channel == "sms" else national(phone)]
            answers.setdefault("location_in_home", [room_in(raw["says"], raw["language"])])
            answers.setdefault("access_notes", ["{no}"])
            expect.setdefault("contact", phone)
            expect.setdefault("language", raw["language"])
            expect.setdefault("verified", unit is not None)
            if isinstance(expect.get("priority"), str):
                expect["priority"] = [expect["priority"]]
            if isinstance(expect.get("category"), str):
                expect["category"] = [expect["category"]]
            expect["unit"] = register[expect["unit"]] if expect.get("unit") else unit
            answers.setdefault("reporter_name", [raw["name"]])
            answers.setdefault("problem", [raw["says"][-1]])
            profiles.append(Profile(
                id=raw["id"], channel=channel, language=raw["language"], name=raw["name"], says=list(raw["says"]),
                unit=unit, association=association, phone=phone, answers=answers, events=list(raw.get("events") or []),
                after_ticket=list(raw.get("after_ticket") or []), expect=expect, facts=list(raw.get("facts") or []),
            ))
    return profiles


# -- channels ----------------------------------------------------------------------------------------------

@dataclass
class Reply:
    texts: list[str]
    options: list[tuple[str, str]]  # (what to send to choose it, its title)
    status: int = 200

    @property
    def text(self) -> str:
        return "\n".join(t for t in self.texts if t)


SMS_INLINE_OPTION = re.compile(r"(?:^|\s)(\d{1,2})\)\s+(.+?)(?=\s+\d{1,2}\)\s|$)", re.M)
SMS_LINE_OPTION = re.compile(r"^\s*(\d{1,2})[.)]\s+(.+)$", re.M)


def sms_options(text: str) -> list[tuple[str, str]]:
    """The numbered options an SMS reply offers ('1) Ja 2) Nej', or one per line as '1. Ja')."""
    found = [(m.group(1), m.group(2).strip()) for m in SMS_INLINE_OPTION.finditer(text or "")]
    if not found:
        found = [(m.group(1), m.group(2).strip()) for m in SMS_LINE_OPTION.finditer(text or "")]
        if len(found) < 2:  # "2. tv" inside an address is not a menu
            found = []
    return found


def twiml_texts(body: str) -> list[str]:
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError:
        return [body]
    return [(m.text or "") for m in root.iter("Message")]


class SmsChannel:
    """Twilio as the gateway sees it: form-encoded, signed webhooks to /sms/inbound."""

    name = "sms"

    def __init__(self, gateway: str, auth_token: str, public_base_url: str, http: requests.Session):
        from twilio.request_validator import RequestValidator

        self.url = f"{gateway}/sms/inbound"
        self.signed_url = f"{public_base_url.rstrip('/')}/sms/inbound"
        self.validator = RequestValidator(auth_token)
        self.http = http

    def form(self, sender: str, to: str, text: str) -> tuple[dict, dict]:
        params = {"From": sender, "To": to, "Body": text, "MessageSid": "SM" + uuid.uuid4().hex,
                  "AccountSid": "AC" + "0" * 32, "NumMedia": "0", "NumSegments": "1"}
        return params, {"X-Twilio-Signature": self.validator.compute_signature(self.signed_url, params)}

    def send(self, conversation: dict, text: str) -> Reply:
        params, headers = self.form(conversation["sender"], conversation["to"], text)
        response = self.http.post(self.url, data=params, headers=headers, timeout=HTTP_TIMEOUT)
        if response.status_code != 200:
            return Reply([f"<HTTP {response.status_code}>"], [], response.status_code)
        texts = twiml_texts(response.text)
        return Reply(texts, sms_options("\n".join(texts)))


class WebChannel:
    """The web chat widget's transport: POST /chat/session, then /chat/message with the session token."""

    name = "web"

    def __init__(self, gateway: str, http: requests.Session):
        self.gateway = gateway
        self.http = http

    def open(self, association: str) -> dict:
        response = self.http.post(f"{self.gateway}/chat/session", json={"association": association},
                                  timeout=HTTP_TIMEOUT)
        response.raise_for_status()
        data = response.json()
        return {"sender": data["conversation_id"], "token": data["token"]}

    def send(self, conversation: dict, text: str) -> Reply:
        response = self.http.post(f"{self.gateway}/chat/message", json={"token": conversation["token"], "text": text},
                                  timeout=HTTP_TIMEOUT)
        if response.status_code != 200:
            return Reply([f"<HTTP {response.status_code}>"], [], response.status_code)
        messages = response.json().get("messages") or []
        options = [(b.get("payload") or b.get("title", ""), b.get("title", ""))
                   for m in messages for b in (m.get("buttons") or [])]
        return Reply([m.get("text") or "" for m in messages], options)


# -- the simulated tenant ----------------------------------------------------------------------------------

@dataclass
class Turn:
    said: str
    reply: str
    requested: str | None
    slots: dict
    seconds: float


@dataclass
class Outcome:
    profile: Profile
    turns: list[Turn] = field(default_factory=list)
    turns_to_ticket: int | None = None
    reference: str | None = None
    ticket: dict | None = None
    problems: list[str] = field(default_factory=list)  # why the ticket is not correct
    notes: list[str] = field(default_factory=list)  # secondary fields that differ (name, access, language ...)
    followups_ok: bool | None = None
    told_reference: bool = False  # the tenant saw their ticket's reference in a reply
    alert_sent: bool | None = None
    alert_seconds: float | None = None
    error: str | None = None

    @property
    def correct(self) -> bool:
        return self.ticket is not None and not self.problems and self.error is None

    @property
    def emergency(self) -> bool:
        return "emergency" in (self.profile.expect.get("priority") or [])


def choose_option(options: list[tuple[str, str]], profile: Profile, slot: str | None) -> str | None:
    """Which offered option this tenant picks: their own home for an address, otherwise 'carry on reporting'."""
    if not options:
        return None
    from rapidfuzz import fuzz

    unit = profile.expect.get("unit")
    if unit is not None:
        want = " ".join(unit.tokens())
        score, best = max((fuzz.token_set_ratio(want, fold(o[1])), o) for o in options)
        if slot == "address" or score >= ADDRESS_OPTION_SCORE:
            return best[0]
    for send, title in options:
        if any(word in title.lower() for word in CONTINUE_WORDS):
            return send
    return options[-1][0]


def choose_category(options: list[tuple[str, str]], profile: Profile) -> str | None:
    """The offered trade that names this tenant's problem (an expected category), if one does."""
    wanted = profile.expect.get("category")
    wanted = wanted if isinstance(wanted, list) else [wanted]
    titles = {fold(labels.label("category", c, lang)): c for c in wanted for lang in ("da", "en")}
    for send, title in options:
        if fold(title) in titles:
            return send
    return None


class Tenant:
    """Answers what the bot asks, reading Rasa's requested_slot from the tracker, as interfaces.md allows."""

    def __init__(self, profile: Profile):
        self.profile = profile
        self.opening = list(profile.says)
        self.asked: dict[str, int] = {}
        self.fired: set[int] = set()
        self.restated = 0

    def language(self, slots: dict) -> str:
        return slots.get("language") or self.profile.language

    def event(self, turn_count: int, slots: dict, requested: str | None) -> str | None:
        for index, event in enumerate(self.profile.events):
            if index in self.fired:
                continue
            kind, _, arg = event["when"].partition(":")
            due = (kind == "turn" and turn_count >= int(arg)) or \
                  (kind == "after" and slots.get(arg) not in (None, "")) or \
                  (kind == "asked" and requested == arg)
            if due:
                self.fired.add(index)
                return event["say"]
        return None

    def next_message(self, turn_count: int, slots: dict, reply: Reply | None) -> str | None:
        if self.opening:
            return self.opening.pop(0)
        requested = slots.get("requested_slot")
        scripted = self.event(turn_count, slots, requested)
        if scripted:
            return scripted
        if requested:
            self.asked[requested] = self.asked.get(requested, 0) + 1
            if self.asked[requested] > MAX_SAME_QUESTION:
                return None
            if requested == "address_checked":
                # "I cannot find that address: is it right?": the tenant wrote their own address, so it is.
                return choose_yes(reply, self.language(slots)) if reply else YES[self.language(slots)]
            question = safety.question(requested) if requested.startswith(safety.PREFIX) else None
            if question is not None:
                return self.safety_answer(question.truthful_answer(self.profile.facts), slots, reply)
            if requested == "category_choice" and reply and reply.options:
                # "Is it 1 the heating or 2 the hot water?": the tenant knows which of the two is broken.
                picked = choose_category(reply.options, self.profile)
                if picked:
                    return picked
            if reply and reply.options and requested not in ("contact_phone", "access_notes"):
                picked = choose_option(reply.options, self.profile, requested)
                if picked and (requested not in FORM_SLOTS or requested == "address"):
                    return picked
            answer = self.profile.answer(requested, self.asked[requested] - 1)
            if answer is not None:
                # "{yes}"/"{no}" are said in the conversation's language at the time (it may have switched).
                lang = self.language(slots)
                return answer.replace("{yes}", YES[lang]).replace("{no}", NO[lang])
            # A question the profile does not script (e.g. an offer of self-help): decline and carry on.
            return choose_option(reply.options if reply else [], self.profile, requested) or NO[self.language(slots)]
        if reply and reply.options:
            return choose_option(reply.options, self.profile, None)
        # No question pending and no ticket: say again what is wrong, in full (as a tenant would).
        self.restated += 1
        return self.profile.answers["problem"][0] if self.restated <= 2 else None


    def safety_answer(self, answer: str, slots: dict, reply: Reply | None) -> str:
        """Yes or no to a safety question: by the option's number on SMS, a quick reply on the web, else words."""
        index = 0 if answer == safety.YES else 1
        if reply and len(reply.options) == 2:
            return reply.options[index][0]
        return (YES if answer == safety.YES else NO)[self.language(slots)]


def fill(template: str, outcome: Outcome) -> str:
    return template.format(reference=outcome.reference or "", contact=national(outcome.profile.expect["contact"]),
                           phone=outcome.profile.phone)


class Evaluation:
    def __init__(self, *, gateway: str, rasa: str, rasa_token: str, staff_token: str, twilio_token: str,
                 public_base_url: str, stub=None):
        self.http = requests.Session()
        self.gateway, self.rasa, self.rasa_token, self.staff_token = gateway, rasa, rasa_token, staff_token
        self.sms = SmsChannel(gateway, twilio_token, public_base_url, self.http)
        self.web = WebChannel(gateway, self.http)
        self.stub = stub
        self.numbers = {a["name"]: a["sms_number"] for a in self.api("/api/associations")}

    @classmethod
    def for_stack(cls, stack, stub=None) -> Evaluation:
        """Talk to a started Stack with the tokens and public URL its processes were given."""
        env = stack.full_env()
        return cls(gateway=stack.gateway, rasa=stack.rasa, rasa_token=env["RASA_TOKEN"],
                   staff_token=env["STAFF_API_TOKEN"], twilio_token=env["TWILIO_AUTH_TOKEN"],
                   public_base_url=env["PUBLIC_BASE_URL"], stub=stub)

    def api(self, path: str, **params):
        response = self.http.get(f"{self.gateway}{path}", params=params, timeout=HTTP_TIMEOUT,
                                 headers={"Authorization": f"Bearer {self.staff_token}"})
        response.raise_for_status()
        return response.json()

    def tracker(self, sender: str) -> dict:
        response = self.http.get(f"{self.rasa}/conversations/{sender}/tracker", params={"token": self.rasa_token},
                                 timeout=HTTP_TIMEOUT)
        response.raise_for_status()
        return response.json()

    def slots(self, sender: str) -> dict:
        tracker = self.tracker(sender)
        slots = dict(tracker.get("slots") or {})
        loop = (tracker.get("active_loop") or {}).get("name")
        if not loop:
            slots["requested_slot"] = None
        return slots

    def run(self, profile: Profile) -> Outcome:
        outcome = Outcome(profile)
        try:
            self._converse(profile, outcome)
            self._verify(outcome)
        except Exception as exc:  # a crash of the harness or the system is a failed conversation, not a stop
            outcome.error = f"{type(exc).__name__}: {exc}"
        return outcome

    def _converse(self, profile: Profile, outcome: Outcome) -> None:
        channel = self.sms if profile.channel == "sms" else self.web
        if profile.channel == "sms":
            to = self.numbers[profile.association]
            # Rasa's sender id of an SMS conversation: the association's number and the tenant's (interfaces.md).
            conversation = {"sender": profile.phone, "to": to, "tracker": f"{to}:{profile.phone}"}
        else:
            conversation = self.web.open(profile.association)
        tenant = Tenant(profile)
        slots: dict = {}
        reply: Reply | None = None
        followups = list(profile.after_ticket)
        pending_check: dict | None = None
        checks_ok = True
        confirmations = 0
        while len(outcome.turns) < MAX_TURNS:
            if outcome.reference is None:
                text = tenant.next_message(len(outcome.turns), slots, reply)
            else:
                if pending_check is not None:
                    met = self._followup_met(pending_check, outcome, reply, slots)
                    # A question or news after the ticket is answered at once: no confirmation dialogue to play.
                    if not met and confirmations < 2 and reply is not None and (reply.options or "?" in reply.text) \
                            and pending_check.get("expect") not in ("answered", "added"):
                        confirmations += 1
                        text = choose_yes(reply, tenant.language(slots))
                        reply, slots = self._say(channel, conversation, text, outcome)
                        continue
                    if not met:
                        checks_ok = False
                        outcome.problems.append(f"after the ticket, {pending_check['say']!r} did not give "
                                                f"{pending_check.get('expect')}")
                    pending_check = None
                if not followups:
                    break
                pending_check = followups.pop(0)
                confirmations = 0
                text = fill(pending_check["say"], outcome)
            if text is None:
                break
            reply, slots = self._say(channel, conversation, text, outcome)
            reference = slots.get("ticket_reference")
            if outcome.reference is None and not reference and not slots.get("requested_slot") \
                    and len(outcome.turns) > len(profile.says):
                # The form is over but the tenant saw no reference: is there a ticket all the same?
                found = self._find_ticket(outcome)
                if found:
                    reference = found["reference"]
                    outcome.notes.append(f"the tenant was never told the reference {reference}")
            if reference and outcome.reference is None:
                outcome.reference = reference
                outcome.turns_to_ticket = len(outcome.turns)
        if profile.after_ticket:
            outcome.followups_ok = checks_ok and outcome.reference is not None and pending_check is None \
                and not followups

    def _say(self, channel, conversation: dict, text: str, outcome: Outcome) -> tuple[Reply, dict]:
        started = time.perf_counter()
        reply = channel.send(conversation, text)
        seconds = time.perf_counter() - started
        slots = self.slots(conversation.get("tracker") or conversation["sender"])
        outcome.turns.append(Turn(text, reply.text, slots.get("requested_slot"), slots, seconds))
        return reply, slots

    def _followup_met(self, check: dict, outcome: Outcome, reply: Reply | None, slots: dict) -> bool:
        expect = check.get("expect")
        if expect in ("answered", "added"):
            # Answered, or added to the ticket: no second ticket, the first still open, no form restarted.
            if len(self._tickets(outcome)) != 1 or slots.get("requested_slot"):
                return False
            if self.api(f"/api/tickets/{outcome.reference}").get("status") == "cancelled":
                return False
            words = [fold(w) for w in check.get("reply_contains") or []]
            if words and not (reply and any(w in fold(reply.text) for w in words)):
                return False
            return True
        if expect == "reference":
            wanted = re.sub(r"[^0-9a-z]", "", (outcome.reference or "").lower())
            return bool(reply) and wanted in re.sub(r"[^0-9a-z]", "", reply.text.lower())
        if expect == "cancelled":
            return self.api(f"/api/tickets/{outcome.reference}").get("status") == "cancelled"
        return True

    def _tickets(self, outcome: Outcome) -> list[dict]:
        listed = self.api("/api/tickets", contact_phone=outcome.profile.expect["contact"])
        return [t for t in listed if t.get("channel") == outcome.profile.channel]

    def _find_ticket(self, outcome: Outcome) -> dict | None:
        if outcome.reference:
            response = self.http.get(f"{self.gateway}/api/tickets/{outcome.reference}", timeout=HTTP_TIMEOUT,
                                     headers={"Authorization": f"Bearer {self.staff_token}"})
            if response.status_code == 200:
                return response.json()
        listed = self.api("/api/tickets", contact_phone=outcome.profile.expect["contact"])
        mine = [t for t in listed if t.get("channel") == outcome.profile.channel]
        return mine[0] if mine else None

    def _verify(self, outcome: Outcome) -> None:
        ticket = self._find_ticket(outcome)
        outcome.ticket = ticket
        if outcome.profile.expect.get("no_ticket"):
            # A status check or cancellation from a tenant with no report: it must never open one.
            if ticket is not None:
                outcome.problems.append(f"a ticket {ticket['reference']} was made from a request about reports")
            else:
                outcome.ticket = {"reference": "-", "no_ticket": True}
            return
        if ticket is None:
            outcome.problems.append("no ticket")
            return
        wanted = re.sub(r"[^0-9a-z]", "", ticket["reference"].lower())
        outcome.told_reference = any(wanted in re.sub(r"[^0-9a-z]", "", t.reply.lower()) for t in outcome.turns)
        if outcome.reference is None:
            outcome.notes.append(f"ticket {ticket['reference']} exists but the tenant was never told")
        outcome.problems.extend(check_ticket(ticket, outcome.profile))
        for slot in outcome.profile.expect.get("not_asked") or []:
            if any(turn.requested == slot for turn in outcome.turns):
                outcome.problems.append(f"asked for {slot} though the first message said it")
        outcome.notes.extend(check_details(ticket, outcome.profile))
        if outcome.emergency:
            started = time.monotonic()
            while True:
                alerts = ticket.get("alerts") or []
                if any(a.get("sent_at") for a in alerts):
                    outcome.alert_sent = True
                    break
                if time.monotonic() - started > ALERT_WAIT_SECONDS:
                    outcome.alert_sent = False
                    break
                time.sleep(0.25)
                ticket = self.api(f"/api/tickets/{ticket['reference']}")
            outcome.alert_seconds = time.monotonic() - started
            outcome.ticket = ticket


def choose_yes(reply: Reply, language: str) -> str:
    for send, title in reply.options:
        if title.strip().lower().startswith(("ja", "yes", "bekræft", "confirm")):
            return send
    return YES[language]


def check_ticket(ticket: dict, profile: Profile) -> list[str]:
    """What makes the ticket wrong for the office: category, priority, the home, the number to call."""
    expect = profile.expect
    problems = []
    if expect.get("category") and ticket.get("category") not in expect["category"]:
        problems.append(f"category {ticket.get('category')} (expected {'/'.join(expect['category'])})")
    if expect.get("priority") and ticket.get("priority") not in expect["priority"]:
        problems.append(f"priority {ticket.get('priority')} (expected {'/'.join(expect['priority'])})")
    if ticket.get("contact_phone") != expect["contact"]:
        problems.append(f"contact {ticket.get('contact_phone')} (expected {expect['contact']})")
    unit = expect.get("unit")
    if expect.get("verified"):
        if not ticket.get("address_verified"):
            problems.append(f"address not verified: {ticket.get('address')!r}")
        elif unit is not None:
            have = fold(ticket.get("address")).split()
            missing = [t for t in unit.tokens() if not all(w in have for w in t.split())]
            if missing:
                problems.append(f"address {ticket.get('address')!r} is not {unit.unit_id} (missing {missing})")
    else:
        if ticket.get("address_verified"):
            problems.append(f"address {ticket.get('address')!r} verified but the home is not in the register")
        for wanted in _words(expect.get("address_contains")):
            if wanted not in fold(ticket.get("address")):
                problems.append(f"address {ticket.get('address')!r} lost what the tenant wrote ({wanted!r})")
    # The room the tenant named, for homes in the register and outside it alike.
    for wanted in _words(expect.get("location_contains")):
        if wanted not in fold(ticket.get("location_in_home")):
            problems.append(f"location {ticket.get('location_in_home')!r} (expected {wanted!r})")
    return problems


def _words(value) -> list[str]:
    """An expectation's words: one string or a list of them, each of which must appear (folded)."""
    values = value if isinstance(value, list) else [value] if value else []
    return [fold(str(v)) for v in values if str(v).strip()]


def check_details(ticket: dict, profile: Profile) -> list[str]:
    """Fields that matter less for the night but are still worth seeing: language, channel, name, access."""
    expect = profile.expect
    notes = []
    if ticket.get("language") != expect["language"]:
        notes.append(f"language {ticket.get('language')} (expected {expect['language']})")
    if ticket.get("channel") != profile.channel:
        notes.append(f"channel {ticket.get('channel')} (expected {profile.channel})")
    if fold(profile.name) not in fold(ticket.get("reporter_name")):
        notes.append(f"name {ticket.get('reporter_name')!r} (expected {profile.name!r})")
    for word in expect.get("access_contains") or []:
        if fold(word) not in fold(ticket.get("access_notes")):
            notes.append(f"access notes {ticket.get('access_notes')!r} lack {word!r}")
    return notes


# -- report ------------------------------------------------------------------------------------------------

def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..100); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]


def summarise(outcomes: list[Outcome]) -> dict:
    def share(items):
        return (sum(o.correct for o in items), len(items))

    result: dict = {"conversations": len(outcomes), "correct": share(outcomes), "by_channel": {}, "by_language": {}}
    for channel in sorted({o.profile.channel for o in outcomes}):
        items = [o for o in outcomes if o.profile.channel == channel]
        turns = [o.turns_to_ticket for o in items if o.turns_to_ticket is not None]
        result["by_channel"][channel] = {
            "correct": share(items), "median_turns": statistics.median(turns) if turns else None,
            "p90_turns": percentile(turns, 90),
            "reply_p50_ms": _ms(percentile([t.seconds for o in items for t in o.turns], 50)),
        }
    for language in sorted({o.profile.language for o in outcomes}):
        result["by_language"][language] = {"correct": share([o for o in outcomes if o.profile.language == language])}
    emergencies = [o for o in outcomes if o.emergency and o.ticket is not None]
    result["emergencies"] = {"expected": sum(o.emergency for o in outcomes),
                             "ticketed": len(emergencies),
                             "alert_sent": sum(bool(o.alert_sent) for o in emergencies)}
    ticketed = [o for o in outcomes if o.ticket is not None]
    result["told_reference"] = (sum(o.told_reference for o in ticketed), len(ticketed))
    followups = [o for o in outcomes if o.followups_ok is not None]
    result["followups"] = (sum(bool(o.followups_ok) for o in followups), len(followups))
    correct, total = result["correct"]
    sms_median = result["by_channel"].get("sms", {}).get("median_turns")
    result["targets"] = {
        "correct >= 95%": bool(total) and correct / total >= TARGET_CORRECT,
        "median SMS turns <= 7": sms_median is not None and sms_median <= TARGET_MEDIAN_TURNS_SMS,
    }
    return result


def _ms(seconds: float | None) -> int | None:
    return None if seconds is None else round(seconds * 1000)


def transcript(outcome: Outcome) -> str:
    profile = outcome.profile
    lines = [f"=== {profile.id} ({profile.channel}, {profile.language}, {profile.phone})"]
    for number, turn in enumerate(outcome.turns, start=1):
        lines.append(f"  {number:>2} tenant: {turn.said}")
        for line in (turn.reply or "<no reply>").splitlines():
            lines.append(f"       bot: {line}")
        slots = turn.slots
        lines.append(f"            [asks {turn.requested} | {slots.get('language')} {slots.get('category')} "
                     f"{slots.get('priority')} | ref {slots.get('ticket_reference')} | {turn.seconds * 1000:.0f} ms]")
    if outcome.ticket:
        keep = ("reference", "status", "category", "priority", "language", "channel", "address", "address_verified",
                "reporter_name", "contact_phone", "access_notes", "location_in_home", "alerts")
        lines.append("  ticket: " + json.dumps({k: outcome.ticket.get(k) for k in keep}, ensure_ascii=False))
    for problem in outcome.problems:
        lines.append(f"  WRONG: {problem}")
    if outcome.error:
        lines.append(f"  ERROR: {outcome.error}")
    if outcome.emergency and outcome.ticket is not None and not outcome.alert_sent:
        lines.append("  WRONG: emergency alert not sent")
    return "\n".join(lines)


def format_report(outcomes: list[Outcome], summary: dict) -> str:
    lines = []
    for outcome in outcomes:
        mark = "ok  " if outcome.correct else "FAIL"
        alert = "" if not outcome.emergency else (" alert sent" if outcome.alert_sent else " NO ALERT")
        follow = "" if outcome.followups_ok is None else (" follow-ups ok" if outcome.followups_ok else
                                                          " FOLLOW-UPS FAILED")
        lines.append(f"{mark} {outcome.profile.id:<34} {outcome.profile.channel:<3} turns-to-ticket "
                     f"{outcome.turns_to_ticket if outcome.turns_to_ticket is not None else '-':>2}{alert}{follow}"
                     + (f"  ({'; '.join(outcome.problems)})" if outcome.problems else "")
                     + (f"  note: {'; '.join(outcome.notes)}" if outcome.notes else ""))
    failed = [o for o in outcomes if not o.correct or (o.emergency and not o.alert_sent) or o.followups_ok is False]
    if failed:
        lines.append("\nFailed transcripts:")
        lines.extend(transcript(o) for o in failed)
    correct, total = summary["correct"]
    lines.append("")
    lines.append(f"correct tickets: {correct}/{total} = {100 * correct / max(total, 1):.1f}%")
    for language, data in summary["by_language"].items():
        c, t = data["correct"]
        lines.append(f"  {language}: {c}/{t}")
    for channel, data in summary["by_channel"].items():
        c, t = data["correct"]
        lines.append(f"  {channel}: {c}/{t} correct; turns to a ticket median {data['median_turns']}, "
                     f"p90 {data['p90_turns']}; reply p50 {data['reply_p50_ms']} ms")
    emergencies = summary["emergencies"]
    lines.append(f"emergencies: {emergencies['expected']} scripted, {emergencies['ticketed']} ticketed, "
                 f"{emergencies['alert_sent']} with the alert sent")
    lines.append(f"status checks and cancellations: {summary['followups'][0]}/{summary['followups'][1]} as asked")
    lines.append(f"tenants with a ticket who were told its reference: {summary['told_reference'][0]}/"
                 f"{summary['told_reference'][1]}")
    if outcomes:
        longest = max(outcomes, key=lambda o: len(o.turns))
        lines.append(f"longest conversation: {len(longest.turns)} turns ({longest.profile.id})")
    no_ticket = [o for o in outcomes if o.profile.expect.get("no_ticket")]
    if no_ticket:
        kept = sum(o.correct for o in no_ticket)
        lines.append(f"requests about reports that made no ticket: {kept}/{len(no_ticket)}")
    for target, held in summary["targets"].items():
        lines.append(f"target {target}: {'holds' if held else 'MISSED'}")
    return "\n".join(lines)


def docs_section(summary: dict, command: str, outcomes: list[Outcome]) -> str:
    correct, total = summary["correct"]
    rows = ["| channel | correct tickets | median turns to a ticket | p90 turns | reply p50 |",
            "| --- | --- | --- | --- | --- |"]
    for channel, data in summary["by_channel"].items():
        c, t = data["correct"]
        rows.append(f"| {channel} | {c}/{t} | {data['median_turns']} | {data['p90_turns']} | "
                    f"{data['reply_p50_ms']} ms |")
    languages = ", ".join(f"{lang} {d['correct'][0]}/{d['correct'][1]}" for lang, d in summary["by_language"].items())
    emergencies = summary["emergencies"]
    held = "; ".join(f"{k}: {'holds' if v else 'missed'}" for k, v in summary["targets"].items())
    return "\n".join([
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} with `{command}` "
        f"({total} scripted tenants).", "",
        f"- Correct tickets (category, priority, verified home, contact number): **{correct}/{total} = "
        f"{100 * correct / max(total, 1):.1f}%** (by language: {languages}).",
        f"- Emergencies: {emergencies['expected']} scripted, {emergencies['ticketed']} ticketed, "
        f"{emergencies['alert_sent']} with the on-call alert sent (seen in the ticket's `alerts`).",
        f"- Status checks and cancellations done as asked: {summary['followups'][0]}/{summary['followups'][1]}.",
        f"- Tenants with a ticket who were told its reference: {summary['told_reference'][0]}/"
        f"{summary['told_reference'][1]}.",
        f"- Targets: {held}.", "", *rows, "",
        "Conversations that did not end well (the full transcripts are printed by the command):", "",
        *[f"- `{o.profile.id}`: " + "; ".join(o.problems + ([o.error] if o.error else []) +
                                               (["emergency alert not sent"] if o.emergency and o.ticket is not None
                                                and not o.alert_sent else []))
          for o in outcomes if not o.correct or (o.emergency and o.ticket is not None and not o.alert_sent)],
    ])


def section_name(sets: list[str] | None) -> str:
    """The docs section a run writes: one per set of tenant files, so runs of different sets never overwrite."""
    if not sets:
        return "eval-e2e"
    stems = [Path(s).stem for s in sets]
    if stems == ["conversations", "tenants_hard"]:
        return "eval-e2e-blind"
    return "eval-e2e-blind-" + "-".join(stems)


def replace_section(text: str, name: str, body: str) -> str:
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    block = f"{start}\n{body.rstrip()}\n{end}"
    if start in text and end in text:
        return text[: text.index(start)] + block + text[text.index(end) + len(end):]
    return text.rstrip() + "\n\n" + block + "\n"


def write_docs(name: str, body: str, path: Path = DOCS) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    path.write_text(replace_section(text, name, body), encoding="utf-8")


# -- the stack ---------------------------------------------------------------------------------------------

def twilio_standin():
    """Twilio's REST API played locally (harness/twilio_stub.py), arrival times kept per message."""
    from harness.twilio_stub import ACCOUNT_SID, TwilioStub

    class TimedStub(TwilioStub):
        def _create(self, form: dict) -> dict:
            arrived = time.time()
            message = super()._create(form)
            message["arrived_at"] = arrived
            return message

    return TimedStub().start(), ACCOUNT_SID


def stack_env(instance: Path, database_url: str | None, stub_url: str, account_sid: str, **extra) -> dict:
    env = {
        "RASA_TOKEN": secrets.token_urlsafe(16), "STAFF_API_TOKEN": secrets.token_urlsafe(16),
        "SECRET_KEY": secrets.token_urlsafe(16), "TWILIO_AUTH_TOKEN": secrets.token_urlsafe(16),
        "TWILIO_ACCOUNT_SID": account_sid, "TWILIO_API_BASE": stub_url,
        "DATABASE_URL": database_url or f"sqlite:///{instance / 'repairbot.db'}",
        # Simulated tenants type faster than people: the per-number limits would refuse them.
        "SMS_RATE_LIMIT": "10000 per minute", "CHAT_RATE_LIMIT": "10000 per minute",
        # ... and all of them come from one address.
        "CHAT_SESSION_RATE_LIMIT": "10000 per minute", "CHAT_ADDRESS_RATE_LIMIT": "100000 per minute",
    }
    env.update(extra)
    return env


def fresh_postgres() -> tuple[str, callable]:
    """A new, empty database on the local PostgreSQL server, and a function that drops it."""
    import os

    from sqlalchemy import create_engine, text

    admin_url = os.environ.get("TEST_PG_ADMIN_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/test")
    name = f"repairbot_eval_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return admin_url.rsplit("/", 1)[0] + f"/{name}", drop


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.eval_e2e", description=__doc__)
    parser.add_argument("--postgres", action="store_true", help="use a fresh PostgreSQL database, not SQLite")
    parser.add_argument("--only", help="run the profiles whose id contains this text (comma-separated: any of them)")
    parser.add_argument("--no-docs", action="store_true", help="do not update docs/benchmarks.md")
    parser.add_argument("--json", help="also write the summary and outcomes as JSON here")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--verbose", action="store_true", help="print every transcript, not only the failed ones")
    parser.add_argument("--set", action="append", default=[],
                        help="a profile file or folder instead of eval/tenants (repeatable; e.g. eval/blind/...)")
    args = parser.parse_args(argv)

    from harness.stack import Stack

    profiles = load_profiles([Path(path) for path in args.set]) if args.set else load_profiles()
    if args.only:
        wanted = [w.strip() for w in args.only.split(",") if w.strip()]
        profiles = [p for p in profiles if any(w in p.id for w in wanted)]
    stub, account_sid = twilio_standin()
    instance = Path(tempfile.mkdtemp(prefix="repairbot-eval-"))
    database_url, drop = fresh_postgres() if args.postgres else (None, None)
    stack = Stack(env=stack_env(instance, database_url, stub.base_url, account_sid, REPAIRBOT_NOW=EVAL_NOW),
                  instance=instance)
    print(f"starting the stack in {instance} ({'PostgreSQL' if args.postgres else 'SQLite'}) ...", flush=True)
    try:
        stack.start()
        evaluation = Evaluation.for_stack(stack, stub)
        outcomes = []
        for profile in profiles:
            outcome = evaluation.run(profile)
            outcomes.append(outcome)
            print(f"{'ok  ' if outcome.correct else 'FAIL'} {profile.id} ({len(outcome.turns)} turns)", flush=True)
            if args.verbose:
                print(transcript(outcome), flush=True)
    finally:
        stack.stop()
        stub.stop()
        if drop:
            drop()
    summary = summarise(outcomes)
    print()
    print(format_report(outcomes, summary))
    if not args.no_docs and not args.only:
        command = "make eval-e2e" + (" (python -m scripts.eval_e2e --postgres)" if args.postgres else "")
        if args.set:
            command += " (" + ", ".join(args.set) + ")"
        write_docs(section_name(args.set), docs_section(summary, command, outcomes))
    if args.json:
        Path(args.json).write_text(json.dumps({"summary": summary, "outcomes": [
            {"id": o.profile.id, "correct": o.correct, "turns_to_ticket": o.turns_to_ticket, "problems": o.problems,
             "notes": o.notes, "alert_sent": o.alert_sent, "followups_ok": o.followups_ok, "error": o.error}
            for o in outcomes]}, indent=2, ensure_ascii=False))
    return 1 if args.strict and not all(summary["targets"].values()) else 0


if __name__ == "__main__":
    sys.exit(main())
