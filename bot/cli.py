"""`python -m bot.cli …`: set-up, dispatcher, register import, retention and erasure commands."""

from __future__ import annotations

import argparse
import logging
import sys

from bot.instance import ensure_instance
from bot.settings import Settings


def cmd_init(args) -> int:
    """Instance dir and secrets, migrations, demo data when the store is empty, the register when given."""
    from bot import demo, rasa_endpoints
    from bot.db import session_scope
    from bot.migrate import upgrade
    from bot.register.importer import import_csv

    ensure_instance()
    settings = Settings.from_env()
    upgrade(settings.database_url)
    with session_scope(settings.database_url) as session:
        if demo.is_empty(session=session):
            print("loading demo data:", demo.load(session=session), flush=True)
    if settings.property_register:
        with session_scope(settings.database_url) as session:
            print("property register:", import_csv(session=session, source=settings.property_register).summary())
    print("rasa endpoints:", rasa_endpoints.write(settings))
    print("demo staff:", _seed_demo_staff(settings), flush=True)
    return 0


def cmd_import_register(args) -> int:
    from bot.db import session_scope
    from bot.register.importer import import_csv

    settings = Settings.from_env(require_secrets=False)
    with session_scope(settings.database_url) as session:
        report = import_csv(session=session, source=args.path)
    print(report.summary())
    return 0 if not report.rejected else 2


def cmd_dispatcher(args) -> int:
    from bot.dispatcher import run_forever
    from bot.sms.providers import make_sender
    from bot.workorders.mail import make_mailer
    from bot.workorders.notifier import run_notifier

    settings = Settings.from_env()
    logging.basicConfig(level=settings.log_level, format="%(levelname)s %(name)s: %(message)s")
    run_notifier(settings, make_mailer(settings))  # contractors' SMS (queued for the loop below) and email
    run_forever(settings, make_sender(settings))
    return 0


def cmd_import_rates(args) -> int:
    """A schedule of rates CSV (code, description, trade, priority, target_days[, category, keywords, association])."""
    from bot.associations import service as associations
    from bot.db import session_scope
    from bot.workorders.rates import import_rates

    settings = Settings.from_env(require_secrets=False)
    with session_scope(settings.database_url) as session:
        association = associations.by_name(session=session, name=args.association) if args.association else \
            associations.first(session=session)
        if association is None:
            print(f"no association {args.association!r}" if args.association else "no association is configured",
                  file=sys.stderr)
            return 2
        try:
            report = import_rates(session=session, source=args.path, default_association=association)
        except (OSError, UnicodeDecodeError) as exc:
            print(f"cannot read {args.path}: {exc}", file=sys.stderr)
            return 2
    print(report.summary())
    return 0 if not report.rejected else 2


def cmd_heartbeat_check(args) -> int:
    """Exit 0 when a dispatcher on this host polled within HEARTBEAT_STALE_SECONDS (a container's liveness check)."""
    import socket
    from datetime import timedelta

    from bot.db import session_scope, utcnow
    from bot.health import service as health

    settings = Settings.from_env(require_secrets=False)
    with session_scope(settings.database_url) as session:
        last = health.last_beat(session=session, kind="dispatcher", host=socket.gethostname())
    alive = last is not None and utcnow() - last <= timedelta(seconds=settings.heartbeat_stale_seconds)
    print(f"dispatcher on {socket.gethostname()}: last poll {last.isoformat() if last else 'never'}")
    return 0 if alive else 1


def _seed_demo_staff(settings: Settings) -> str:
    from bot.db import session_scope
    from bot.staff import demo as staff_demo

    with session_scope(settings.database_url) as session:
        return staff_demo.seed(session=session, instance_dir=settings.instance_dir)


def _association_id(session, ref: str) -> int | None:
    """The id of the association named (or numbered) `ref`; None for none given, -1 (and a message) if unknown."""
    from bot.associations import service as associations

    if not ref:
        return None
    association = associations.by_name(session=session, name=ref) or \
        associations.by_sms_number(session=session, number=ref)
    if association is None:
        print(f"no association {ref!r}", file=sys.stderr)
        return -1
    return association.id


def cmd_create_staff(args) -> int:
    """Create a console login; the password is read from the terminal (or stdin), never from argv."""
    import getpass

    from bot.db import session_scope
    from bot.staff import auth

    settings = Settings.from_env(require_secrets=False)
    password = getpass.getpass("password: ") if sys.stdin.isatty() else sys.stdin.readline().rstrip("\n")
    with session_scope(settings.database_url) as session:
        association_id = _association_id(session, args.association)
        if association_id == -1:
            return 2
        try:
            user = auth.create_user(session=session, email=args.email, password=password, role=args.role,
                                    association_id=association_id, name=args.name)
        except ValueError as exc:
            print(exc, file=sys.stderr)
            return 2
        print(f"created {user.role} {user.email}")
    return 0


def cmd_create_token(args) -> int:
    """Print a new staff API token (once: only its hash is kept) for one association, or the group."""
    from bot import clock
    from bot.db import session_scope
    from bot.staff import auth, tokens

    if bool(args.association) == bool(args.group):
        print("give --association NAME, or --group for a group-wide token", file=sys.stderr)
        return 2
    settings = Settings.from_env(require_secrets=False)
    with session_scope(settings.database_url) as session:
        owner = auth.by_email(session=session, email=args.owner)
        if owner is None:
            print(f"no staff user {args.owner!r} (create-staff first)", file=sys.stderr)
            return 2
        association_id = _association_id(session, args.association)
        if association_id == -1:
            return 2
        try:
            token = tokens.create(session=session, owner=owner, association_id=association_id, now=clock.now(settings),
                                  name=args.name)
        except PermissionError as exc:
            print(exc, file=sys.stderr)
            return 2
    print(token)
    return 0


def cmd_erase(args) -> int:
    """Erase a person by phone across tickets, messages, photos, alerts and the Rasa tracker store (issue 4)."""
    from bot.privacy.flows import erase_person

    settings = Settings.from_env(require_secrets=False)
    try:
        report = erase_person(settings, args.phone, region=args.region)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(report.summary())
    return 0


def cmd_retention(args) -> int:
    """Anonymise and delete personal data older than the retention settings (run daily)."""
    from bot.privacy.flows import run_retention

    settings = Settings.from_env(require_secrets=False)
    print(run_retention(settings).summary())
    return 0


def cmd_export_csv(args) -> int:
    """Tickets created in [--since, --until) as CSV on stdout or --output."""
    from bot.db import session_scope
    from bot.repairs import queries

    settings = Settings.from_env(require_secrets=False)
    try:
        filters = queries.TicketFilters.from_args({"since": args.since, "until": args.until})
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    out = open(args.output, "w", newline="", encoding="utf-8") if args.output else sys.stdout
    try:
        with session_scope(settings.database_url) as session:
            for chunk in queries.export_csv(session=session, filters=filters):
                out.write(chunk)
    finally:
        if args.output:
            out.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.cli")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("init", help="prepare instance/, migrate, load demo data").set_defaults(func=cmd_init)
    imp = sub.add_parser("import-register", help="import a property register CSV")
    imp.add_argument("path")
    imp.set_defaults(func=cmd_import_register)
    rates = sub.add_parser("import-rates", help="import a schedule of rates CSV (work orders' job codes)")
    rates.add_argument("path")
    rates.add_argument("--association", default="", help="for rows without an association column (default: first)")
    rates.set_defaults(func=cmd_import_rates)
    sub.add_parser("dispatcher", help="run the alert dispatcher").set_defaults(func=cmd_dispatcher)
    sub.add_parser("heartbeat-check", help="exit 1 unless this host's dispatcher polled recently").set_defaults(
        func=cmd_heartbeat_check)
    staff = sub.add_parser("create-staff", help="create a staff console login (password read from stdin)")
    staff.add_argument("email")
    staff.add_argument("--role", choices=("staff", "admin"), default="staff")
    staff.add_argument("--association", default="", help="name or SMS number; omit for a group admin")
    staff.add_argument("--name", default="")
    staff.set_defaults(func=cmd_create_staff)
    token = sub.add_parser("create-token", help="print a new staff API token for an association (or the group)")
    token.add_argument("--owner", required=True, help="email of the staff user the token is for")
    token.add_argument("--association", default="", help="name or SMS number of the association it may see")
    token.add_argument("--group", action="store_true", help="every association: only for a group admin")
    token.add_argument("--name", default="", help="what the token is for (shown in audits)")
    token.set_defaults(func=cmd_create_token)
    erase = sub.add_parser("erase", help="erase a person by phone number (GDPR)")
    erase.add_argument("phone")
    erase.add_argument("--region", default="DK", help="region for a number written without +country code")
    erase.set_defaults(func=cmd_erase)
    sub.add_parser("retention", help="anonymise/delete data older than the retention periods").set_defaults(
        func=cmd_retention)
    export = sub.add_parser("export-csv", help="export tickets created in a date range as CSV")
    export.add_argument("--since", default="")
    export.add_argument("--until", default="")
    export.add_argument("--output", default="", help="file to write (default: stdout)")
    export.set_defaults(func=cmd_export_csv)
    args = parser.parse_args(argv)
    # This process's first session needs every table mapped (bot.db.get_sessionmaker): load them all here.
    import bot.models  # noqa: F401

    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
