"""The suggested job code: the rate line of the report's category that shares most words with its problem."""

from __future__ import annotations

from bot.settings import ROOT
from bot.workorders.rates import RateLine, parse_rates, suggest_job_code

RATES = [
    RateLine("VVS-101", "Utæt eller dryppende vandhane", "plumber", "routine", 10, "water", "tap drip drypper hane"),
    RateLine("VVS-102", "Utæt rør under vask", "plumber", "urgent", 2, "water", "pipe rør leak sink"),
    RateLine("VVS-201", "Tilstoppet afløb", "plumber", "urgent", 2, "drainage", "blocked drain"),
    RateLine("EL-101", "Stikkontakt defekt", "electrician", "routine", 10, "electrical", "socket"),
    RateLine("GEN-900", "General plumbing visit", "plumber", "routine", 20, "", ""),
]


def suggest(category, problem, priority="routine", trade="plumber"):
    line = suggest_job_code(category=category, problem=problem, priority=priority, trade=trade, rates=RATES)
    return line.code if line else None


def test_danish_and_english_words_pick_the_matching_line():
    assert suggest("water", "Vandhanen i køkkenet drypper hele tiden") == "VVS-101"
    assert suggest("water", "my kitchen tap is dripping") == "VVS-101"
    assert suggest("water", "the pipe under the sink is leaking") == "VVS-102"
    assert suggest("water", "rørene under vasken er utætte") == "VVS-102"


def test_spellings_without_danish_letters_still_match():
    assert suggest("water", "roret under vasken lakker") == "VVS-102"


def test_no_word_in_common_gives_the_category_line_of_the_tickets_priority():
    assert suggest("water", "something is wrong", priority="urgent") == "VVS-102"
    assert suggest("water", "something is wrong", priority="routine") == "VVS-101"


def test_a_category_without_lines_falls_back_to_its_trade_and_else_to_nothing():
    assert suggest("hot_water", "no hot water", trade="plumber") in {"VVS-101", "VVS-102", "VVS-201", "GEN-900"}
    assert suggest("pests", "rats in the loft", trade="pest control") is None
    assert suggest("pests", "rats", trade=None) is None


def test_the_demo_schedule_parses_completely_and_covers_every_routed_demo_category():
    from bot.demo import DEMO_CONTRACTORS

    lines, rejected = parse_rates((ROOT / "demo" / "rates.csv").read_text())
    assert rejected == []
    by_association = {}
    for name, line in lines:
        by_association.setdefault(name, set()).add(line.category)
    for association, contractors in DEMO_CONTRACTORS.items():
        routed = {c for *_, categories in contractors for c in categories}
        assert routed - by_association[association] == set(), association


def test_bad_rows_are_rejected_with_their_row_number_and_good_ones_kept():
    text = ("code,description,trade,priority,target_days\n"
            "A1,Tap,plumber,routine,10\n"
            "A2,Tap,plumber,someday,10\n"
            "A3,Tap,plumber,urgent,two\n"
            ",Tap,plumber,urgent,2\n")
    lines, rejected = parse_rates(text)
    assert [line.code for _, line in lines] == ["A1"]
    assert [r.split(":")[0] for r in rejected] == ["row 3", "row 4", "row 5"]
    assert parse_rates("code,description\nA,b\n") == ([], ["missing columns: trade, priority, target_days"])
