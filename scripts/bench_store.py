"""Store benchmark: register import time, address-match latency (30,000 units), ticket writes/s; SQLite and PG."""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

from bot import clock, demo
from bot.associations import service as associations
from bot.db import session_scope
from bot.migrate import upgrade
from bot.register.importer import import_csv
from bot.register.matching import match_address
from bot.repairs import flows
from bot.tickets.service import TicketInput

PG_ADMIN_URL = os.environ.get("TEST_PG_ADMIN_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/test")
PREFIXES = ("Birke", "Ege", "Aske", "Pile", "Hassel", "Elme", "Lærke", "Rose", "Kirke", "Mølle", "Skov", "Strand",
            "Bøge", "Ahorn", "Kastanje", "Syren", "Hyld", "Gran", "Fyrre", "Lind", "Toft", "Sol", "Vinter",
            "Sommer", "Nord", "Syd", "Øster", "Vester", "Bakke", "Eng")
SUFFIXES = ("vej", "gade", "parken", "allé", "stien", "toften", "haven", "vænget", "bakken", "engen")
FLATS = (("st", "th"), ("st", "tv"), ("1", "th"), ("1", "tv"), ("2", "th"), ("2", "tv"))
HEADER = "association,estate,street,number,floor,door,postcode,city,unit_id\n"


def write_register(path: Path, units: int) -> list[tuple[str, str, str, str]]:
    """A Danish register of `units` homes on 300 streets; returns (street, number, floor, door) of each."""
    streets = [p + s for p in PREFIXES for s in SUFFIXES]
    homes = []
    with open(path, "w", encoding="utf-8") as out:
        out.write(HEADER)
        n = 0
        number = 0
        while n < units:
            number += 1
            for street in streets:
                for floor, door in FLATS:
                    if n >= units:
                        break
                    n += 1
                    postcode = 2600 + (streets.index(street) % 20) * 5
                    out.write(f"Demo Bolig Glostrup,Afd {street},{street},{number},{floor},{door},{postcode},"
                              f"By{postcode},U{n:06d}\n")
                    homes.append((street, str(number), floor, door))
    return homes


def tenant_text(home, rng: random.Random) -> str:
    street, number, floor, door = home
    floor_text = "st." if floor == "st" else f"{floor}."
    variants = (
        f"{street} {number}, {floor_text} {door}",
        f"{street} {number} {floor_text}{door}",
        f"{street.lower().replace('æ', 'ae').replace('ø', 'o').replace('å', 'aa')} {number} {floor} {door}",
        f"{street} {number}",  # no floor/door: candidates
    )
    return rng.choice(variants)


def bench(url: str, label: str, register: Path, homes, matches: int, writes: int, writers: int) -> dict:
    upgrade(url)
    with session_scope(url) as session:
        demo.load(session=session)
    started = time.perf_counter()
    with session_scope(url) as session:
        report = import_csv(session=session, source=register)
    import_s = time.perf_counter() - started
    started = time.perf_counter()
    with session_scope(url) as session:
        again = import_csv(session=session, source=register)
    reimport_s = time.perf_counter() - started
    assert report.created == len(homes) and again.unchanged == len(homes), (report.summary(), again.summary())

    rng = random.Random(4)
    latencies = []
    verified = 0
    with session_scope(url) as session:
        association_id = associations.by_name(session=session, name="Demo Bolig Glostrup").id
        for _ in range(matches):
            query = tenant_text(rng.choice(homes), rng)
            started = time.perf_counter()
            found = match_address(session=session, association_id=association_id, text=query)
            latencies.append((time.perf_counter() - started) * 1000)
            verified += found.verified
    latencies.sort()

    now = clock.now()

    def write(i: int) -> None:
        local = random.Random(i)
        phone = f"+45{20120000 + i}"
        data = TicketInput(category=local.choice(("fixtures", "doors_windows", "damp_mould", "pests")),
                           priority="routine", language="da", channel="sms", problem="Skabslåge hænger",
                           location_in_home="køkken", address=tenant_text(local.choice(homes), local),
                           reporter_name="Bench", contact_phone=phone, conversation_id=phone)
        with session_scope(url) as session:
            flows.submit_report(session=session, association_ref=None, data=data, now=now + timedelta(seconds=i))

    started = time.perf_counter()
    for i in range(writes):
        write(i)
    write_s = time.perf_counter() - started
    failures = 0
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=writers) as pool:
        for outcome in [pool.submit(write, writes + i) for i in range(writes)]:
            try:
                outcome.result()
            except Exception:  # noqa: BLE001 - counted and reported: that is the measurement
                failures += 1
    parallel_s = time.perf_counter() - started
    result = {
        "store": label, "units": len(homes), "import_s": round(import_s, 2), "reimport_s": round(reimport_s, 2),
        "match_p50_ms": round(statistics.median(latencies), 2),
        "match_p99_ms": round(latencies[int(len(latencies) * 0.99) - 1], 2),
        "match_verified_share": round(verified / matches, 2),
        "ticket_writes_per_s": round(writes / write_s, 1),
        f"ticket_writes_per_s_{writers}_writers": round((writes - failures) / parallel_s, 1),
        "parallel_write_failures": failures,
    }
    print(result, flush=True)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=30000)
    parser.add_argument("--matches", type=int, default=1000)
    parser.add_argument("--writes", type=int, default=500)
    parser.add_argument("--writers", type=int, default=4, help="threads for the parallel write measurement")
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        register = Path(tmp) / "register.csv"
        homes = write_register(register, args.units)
        bench(f"sqlite:///{tmp}/bench.db", "sqlite", register, homes, args.matches, args.writes, args.writers)
        if not args.skip_postgres:
            from harness.databases import scratch_postgres

            with scratch_postgres(PG_ADMIN_URL, "repairbot_bench") as url:
                bench(url, "postgresql", register, homes, args.matches, args.writes, args.writers)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
