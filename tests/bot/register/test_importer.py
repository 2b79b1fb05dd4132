"""Register import: idempotent upserts, rejected rows reported with their line numbers."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from bot import demo
from bot.associations import service as associations
from bot.register.importer import import_csv
from bot.register.matching import format_unit, match_address
from bot.register.models import Unit

STREETS = [p + s for p in ("Birke", "Ege", "Aske", "Pile", "Hassel", "Elme", "Lærke", "Rose", "Kirke", "Mølle",
                            "Skov", "Strand", "Bøge", "Ahorn", "Kastanje", "Syren", "Hyld", "Gran", "Fyrre", "Lind",
                            "Toft", "Sol", "Vinter", "Sommer", "Nord", "Syd", "Øster", "Vester", "Bakke", "Eng")
           for s in ("vej", "gade", "parken", "allé", "stien", "toften", "haven", "vænget", "bakken", "engen")]
HEADER = "association,estate,street,number,floor,door,postcode,city,unit_id\n"


def _csv(*rows: str) -> io.StringIO:
    return io.StringIO(HEADER + "".join(r + "\n" for r in rows))


def test_reimporting_the_demo_register_changes_nothing(session):
    demo.load(session=session)
    count = session.scalar(select(func.count(Unit.id)))
    report = import_csv(session=session, source=demo.DEMO_REGISTER)
    assert (report.created, report.updated, report.rejected) == (0, 0, [])
    assert report.unchanged == count == 107


def test_rejected_rows_are_reported_with_line_numbers_and_the_rest_imported(session):
    demo.load(session=session)
    report = import_csv(session=session, source=_csv(
        "Demo Bolig Glostrup,Nyby,Nybyvej,1,st,th,2600,Glostrup,NY-1",
        "Demo Bolig Glostrup,Nyby,Nybyvej,1,tag,th,2600,Glostrup,NY-2",
        "Demo Bolig Glostrup,Nyby,Nybyvej,1,1,th,26OO,Glostrup,NY-3",
        "Nowhere Housing,Nyby,Nybyvej,1,1,th,2600,Glostrup,NY-4",
        "Demo Bolig Glostrup,Nyby,Nybyvej,1,st,th,2600,Glostrup,NY-1",
        ",Nyby,,1,1,tv,2600,Glostrup,NY-5",
        'Demo Homes Bracknell,Harmans Water,"Ashridge Court, Harmans Water Road",,,Flat 9,RG12 9PT,Bracknell,BR-009',
        "Demo Homes Bracknell,Harmans Water,Harmans Water Road,20,,,NOT A CODE,Bracknell,BR-H20",
        "Demo Bolig Glostrup,Nyby,Nybyvej,3,1.,TH.,2600,Glostrup,NY-9",
    ))
    assert report.created == 3
    assert [line for line, _ in report.rejected] == [3, 4, 5, 6, 7, 9]
    reasons = dict(report.rejected)
    assert "floor" in reasons[3] and "postcode" in reasons[4] and "unknown association" in reasons[5]
    assert "twice" in reasons[6] and "street is empty" in reasons[7] and "postcode" in reasons[9]
    assert "line 3: floor 'tag'" in report.summary()
    session.flush()
    uk = associations.by_name(session=session, name="Demo Homes Bracknell")
    new = match_address(session=session, association_id=uk.id, text="Flat 9, Ashridge Court")
    assert new.verified and new.unit.unit_ref == "BR-009"
    dk = associations.by_name(session=session, name="Demo Bolig Glostrup")
    written = match_address(session=session, association_id=dk.id, text="Nybyvej 3, 1 th")
    assert written.verified and format_unit(written.unit) == "Nybyvej 3, 1. th, 2600 Glostrup"


def test_a_changed_row_updates_the_home_and_its_matching(session):
    demo.load(session=session)
    report = import_csv(session=session, source=_csv(
        "Demo Bolig Glostrup,Hovedgaden,Hovedgade,10,st,th,2600,Glostrup,GL-0001"))
    assert (report.created, report.updated) == (0, 1)
    assert report.not_in_file == 95 and "kept 95 not in this file" in report.summary()
    session.expire_all()
    unit = session.scalars(select(Unit).where(Unit.unit_ref == "GL-0001")).one()
    assert unit.street == "Hovedgade"
    assert match_address(session=session, association_id=unit.association_id,
                         text="Hovedgade 10, st. th.").unit.id == unit.id


def test_a_30000_unit_register_imports_and_matches_within_seconds(session, tmp_path):
    import time

    demo.load(session=session)
    path = tmp_path / "big.csv"
    with open(path, "w", encoding="utf-8") as out:
        out.write(HEADER)
        n = 0
        for street in STREETS:
            for number in range(1, 26):
                for floor, door in (("st", "th"), ("st", "tv"), ("1", "th"), ("1", "tv")):
                    n += 1
                    out.write(f"Demo Bolig Glostrup,Afd {street[:3]},{street},{number},{floor},{door},"
                              f"2600,Glostrup,BIG-{n}\n")
    started = time.perf_counter()
    report = import_csv(session=session, source=path)
    session.flush()
    elapsed = time.perf_counter() - started
    assert report.created == 30000 and not report.rejected
    assert elapsed < 20, f"import took {elapsed:.1f}s"
    again = import_csv(session=session, source=path)
    assert again.unchanged == 30000
    dk = associations.by_name(session=session, name="Demo Bolig Glostrup")
    match = match_address(session=session, association_id=dk.id, text="Pilevænget 7, 1. tv")
    assert match.verified and match.unit.unit_ref.startswith("BIG-")
    assert (match.unit.street, match.unit.number, match.unit.floor, match.unit.door) == ("Pilevænget", "7", "1", "tv")
