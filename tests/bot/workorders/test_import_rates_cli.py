"""`python -m bot.cli import-rates`: a schedule of rates added or updated by code; bad rows named, exit code 2."""

from __future__ import annotations

from sqlalchemy import select

from bot.cli import main
from bot.db import session_scope
from bot.workorders.models import JobCode


def test_import_rates_adds_updates_and_names_bad_rows(demo, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("REPAIRBOT_INSTANCE_DIR", str(demo.instance_dir))
    monkeypatch.setenv("DATABASE_URL", demo.database_url)
    path = tmp_path / "rates.csv"
    path.write_text("code,description,trade,priority,target_days\n"
                    "VVS-101,Dryppende vandhane (ny pris),plumber,routine,7\n"
                    "VVS-999,Vandmåler skiftes,plumber,routine,15\n", encoding="utf-8")
    assert main(["import-rates", str(path), "--association", "Demo Bolig Glostrup"]) == 0
    assert "1 rates added, 1 updated, 0 rejected" in capsys.readouterr().out
    with session_scope(demo.database_url) as session:
        rows = {r.code: r for r in session.scalars(select(JobCode).where(JobCode.association_id == 1))}
        assert rows["VVS-101"].target_days == 7 and rows["VVS-999"].description == "Vandmåler skiftes"
    path.write_text("code,description,trade,priority,target_days\nX-1,Tap,plumber,soon,3\n", encoding="utf-8")
    assert main(["import-rates", str(path)]) == 2
    assert "row 2: priority must be one of" in capsys.readouterr().out
    assert main(["import-rates", str(tmp_path / "missing.csv")]) == 2
    assert main(["import-rates", str(path), "--association", "Nobody"]) == 2
