"""`nhsbot` command line: the composition root for everything but the Telegram application.

Answers come from the same use cases and renderer as the bot; no Telegram token is needed.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import gc
import json
import logging
import os
import sys
from collections.abc import Sequence

from bot.alerts import cli_parsers as alert_parsers
from bot.config import Settings, load_settings
from bot.console import PROMPT, run_console
from bot.league_data import TrustStanding
from bot.rendering.html import render
from bot.rendering.plain import to_plain
from bot.services import Services
from bot.usecases.admin import import_paths, verify
from bot.usecases.ask import AskResult, ask, resolve_quarter
from bot.usecases.tables import full_table
from bot.views import Ambiguous, Notice
from db.bundle import init_store, store_mode
from db.engine import make_engine
from db.official_csv import ImportRejected
from db.schema import current_revision, ensure_schema

TYPES = ("acute", "mental-health-community", "ambulance")
TABLE_FIELDS = [
    "trust_code", "trust_name", "trust_type", "region", "segment", "unadjusted_segment",
    "capped", "average_score", "rank", "table_size",
]  # fmt: skip


class ProgressBar:
    """A one-line progress bar on stderr (only when stderr is a terminal or forced)."""

    def __init__(self, label: str, *, enabled: bool | None = None) -> None:
        self.label = label
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._shown = -1

    def __call__(self, done: int, total: int) -> None:
        """Redraw when the whole percentage changes."""
        if not self.enabled or total <= 0:
            return
        percent = int(100 * done / total)
        if percent == self._shown:
            return
        self._shown = percent
        filled = percent * 30 // 100
        bar = "#" * filled + "-" * (30 - filled)
        end = "\n" if done >= total else ""
        print(f"\r{self.label} [{bar}] {percent:3d}% ({done:,}/{total:,} rows)", end=end,
              file=sys.stderr, flush=True)  # fmt: skip


def configure_logging(level: str) -> None:
    """Log to stderr; httpx logs request URLs, which contain the bot token: keep it quiet."""
    logging.basicConfig(
        level=getattr(logging, level.upper(), logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)


def build_parser() -> argparse.ArgumentParser:
    """The `nhsbot` commands."""
    parser = argparse.ArgumentParser(prog="nhsbot", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ask", help="answer a message as the bot would")
    p.add_argument("--quarter", help='e.g. "Q1 2025/26" (default: the latest)')
    p.add_argument("--json", action="store_true", help="one JSON object per message")
    p.add_argument("text", nargs="+", help="the message; - reads one message per line from stdin")

    p = sub.add_parser("table", help="print a league table")
    p.add_argument("--quarter")
    p.add_argument("--type", choices=TYPES, dest="trust_type")
    p.add_argument("--region")
    p.add_argument("--format", choices=("text", "csv", "json"), default="text")

    sub.add_parser("quarters", help="list the quarters stored")
    sub.add_parser("verify", help="compare the engine with NHS England's published results")

    p = sub.add_parser("import", help="import official NOF CSV files or folders")
    p.add_argument("--quarter", help="quarter of a file without a Quarter column")
    p.add_argument("paths", nargs="+")

    p = sub.add_parser("run", help="run the Telegram bot (long polling)")
    p.add_argument("--drop-pending", action="store_true", help="skip updates queued while down")
    p.add_argument("--webhook", action="store_true", help="serve a webhook instead of polling")
    p.add_argument("--workers", type=int, help="webhook worker processes (default: WORKERS)")
    p.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--set-webhook", action="store_true", help=argparse.SUPPRESS)

    sub.add_parser("chat", help="talk to the bot in this terminal, without Telegram")

    p = sub.add_parser("db", help="database commands")
    db_sub = p.add_subparsers(dest="db_command", required=True)
    init = db_sub.add_parser("init", help="create the database")
    init.add_argument("--empty", action="store_true", help="without the bundled data")
    db_sub.add_parser("upgrade", help="apply schema migrations (Alembic) to DATABASE_URL")
    alert_parsers.add_parsers(sub)  # sync, alerts status|plan|send
    return parser


def _services(settings: Settings) -> Services:
    settings.ensure_sqlite_folder()
    return Services.create(settings.DATABASE_URL, progress=ProgressBar("Loading NHS data"))


def cmd_ask(settings: Settings, args: argparse.Namespace) -> int:
    """Answer one message, or one per stdin line with `-`."""
    services = _services(settings)
    texts = [" ".join(args.text)]
    if texts == ["-"]:
        texts = [line.rstrip("\n") for line in sys.stdin if line.strip()]
    for text in texts:
        result = ask(services, text, quarter=args.quarter)
        reply = to_plain(render(result.view))
        if args.json:
            print(json.dumps(ask_json(text, result, reply), ensure_ascii=False))
        else:
            print(reply)
            if len(texts) > 1:
                print()
    return 0


def ask_json(text: str, result: AskResult, reply: str) -> dict:
    """The machine-readable form of an answer."""
    u = result.understanding
    view = result.view
    candidates = (
        [c.trust_code for c in view.candidates]
        if isinstance(view, Ambiguous)
        else list(u.candidates)
    )
    postcode = None
    if u.postcode is not None:
        postcode = {
            "query": u.postcode.query,
            "district": u.postcode.district,
            "status": u.postcode.status,
            "nation": u.postcode.nation,
            "trusts": [
                {"trust_code": n.trust_code, "site": n.site_name, "km": round(n.distance_km, 2)}
                for n in u.postcode.nearby
            ],
        }
    return {
        "text": text,
        "intent": u.intent.value,
        "trust_codes": list(u.trust_codes),
        "candidates": candidates,
        "metric": u.metric,
        "postcode": postcode,
        "quarter": result.quarter,
        "reply": reply,
    }


def _row(s: TrustStanding) -> dict:
    return {
        "trust_code": s.trust_code,
        "trust_name": s.trust_name,
        "trust_type": s.trust_type.value,
        "region": s.region,
        "segment": s.segment,
        "unadjusted_segment": s.unadjusted_segment,
        "capped": s.is_capped,
        "average_score": round(s.average_score, 2),
        "rank": s.rank,
        "table_size": s.table_size,
    }


def cmd_table(settings: Settings, args: argparse.Namespace) -> int:
    """Print a table as text, CSV or JSON."""
    services = _services(settings)
    quarter = resolve_quarter(services, args.quarter)
    if isinstance(quarter, Notice):
        print(to_plain(render(quarter)), file=sys.stderr)
        return 2
    rows = [_row(s) for s in full_table(services, quarter, trust_type=args.trust_type,
                                        region=args.region)]  # fmt: skip
    if args.format == "json":
        print(json.dumps({"quarter": quarter, "trusts": rows}, indent=1))
    elif args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=TABLE_FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    else:
        print(f"{quarter}")
        for r in rows:
            cap = " (capped)" if r["capped"] else ""
            print(
                f"{r['trust_type']:<24} {r['rank']:>3}/{r['table_size']:<3} seg {r['segment']}"
                f"{cap:<9} {r['average_score']:.2f}  {r['trust_code']:<6} {r['trust_name']}"
            )
    return 0


def cmd_quarters(settings: Settings, _args: argparse.Namespace) -> int:
    """List stored quarters with their trust counts."""
    league = _services(settings).league
    for quarter in league.quarters:
        print(f"{quarter}\t{len(league.table(quarter))} trusts")
    return 0


def cmd_verify(settings: Settings, _args: argparse.Namespace) -> int:
    """Print the engine's fidelity per quarter; exit 1 on any unexplained mismatch."""
    failures = 0
    for item in verify(_services(settings)):
        report = item.report
        failures += len(report.unexplained)
        print(f"{item.quarter} ({item.source}, {item.trusts} trusts): "
              f"{len(report.unexplained)} unexplained mismatches, "
              f"{len(report.explained)} explained")  # fmt: skip
        for mismatch in report.unexplained:
            print(f"  MISMATCH {mismatch}")
    print("OK: the engine reproduces every published result" if not failures
          else f"FAILED: {failures} unexplained mismatches")  # fmt: skip
    return 1 if failures else 0


def cmd_import(settings: Settings, args: argparse.Namespace) -> int:
    """Import files; on any problem print them all and change nothing."""
    services = _services(settings)
    try:
        outcomes = import_paths(services, args.paths, quarter=args.quarter,
                                progress=ProgressBar("Importing"))  # fmt: skip
    except ImportRejected as err:
        print("Import rejected; the database was not changed:", file=sys.stderr)
        for problem in err.problems:
            print(f"  {problem}", file=sys.stderr)
        return 2
    for o in outcomes:
        new = f"; new quarters: {', '.join(o.new_quarters)}" if o.new_quarters else ""
        print(f"{o.file_name}: {o.status}, {o.rows:,} rows, {', '.join(o.quarters)}{new}")
    return 0


def cmd_db(settings: Settings, args: argparse.Namespace) -> int:
    """`db init [--empty]`, `db upgrade`."""
    settings.ensure_sqlite_folder()
    engine = make_engine(settings.DATABASE_URL)
    if args.db_command == "upgrade":
        before = current_revision(engine)
        ensure_schema(engine)
        print(f"Schema at {current_revision(engine)} (was {before or 'empty'}).")
        return 0
    if store_mode(engine) is not None:
        print(f"Database already initialised ({store_mode(engine)}).")
        return 0
    init_store(engine, empty=args.empty, progress=ProgressBar("Loading NHS data"))
    print(
        "Created an empty database."
        if args.empty
        else "Created the database with the bundled data."
    )
    return 0


def cmd_run(settings: Settings, args: argparse.Namespace) -> int:
    """Run the bot until SIGINT/SIGTERM (PTB stops polling, then shuts down cleanly)."""
    if settings.TELEGRAM_BOT_TOKEN is None:
        print("Set TELEGRAM_BOT_TOKEN (see .env.example and the README).", file=sys.stderr)
        return 2
    # These import telegram: only `run` pays for it.
    from bot.app import build_application
    from bot.webhook import run_workers, serve_worker

    if args.webhook and not args.worker:
        workers = args.workers or settings.WORKERS
        if workers > 1:
            _services(settings).close()  # create and load the database once, before forking
            return run_workers(workers)
        args.set_webhook = True
    services = _services(settings)
    services.refresh_if_changed()  # load the read model before the first update arrives
    # The read model is ~100k long-lived objects: keep the cyclic GC from rescanning them on
    # every collection (it showed as 100-200 ms latency spikes under load).
    gc.freeze()
    if args.webhook:
        asyncio.run(serve_worker(settings, services, set_webhook=args.set_webhook))
    else:
        build_application(settings, services).run_polling(drop_pending_updates=args.drop_pending)
    services.close()
    return 0


def cmd_chat(settings: Settings, _args: argparse.Namespace) -> int:
    """The console twin of the bot."""
    services = _services(settings)

    def lines():
        while True:
            try:
                yield input(PROMPT if sys.stdin.isatty() else "")
            except EOFError:
                return

    run_console(services, lines(), print)
    return 0


def cmd_alert_tools(settings: Settings, args: argparse.Namespace) -> int:
    """`sync` and `alerts …` (the watcher and sender are imported only for these)."""
    from bot.alerts import cli_commands

    return cli_commands.COMMANDS[args.command](settings, args)


COMMANDS = {
    "run": cmd_run,
    "chat": cmd_chat,
    "ask": cmd_ask,
    "table": cmd_table,
    "quarters": cmd_quarters,
    "verify": cmd_verify,
    "import": cmd_import,
    "db": cmd_db,
    "sync": cmd_alert_tools,
    "alerts": cmd_alert_tools,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `nhsbot` console script and `python -m bot`."""
    args = build_parser().parse_args(argv)
    # Durations from PTB as timedeltas (RetryAfter.retry_after): the future default, and no
    # deprecation warning on every 429 (telegram.md §2.8).
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    settings = load_settings()
    configure_logging(settings.LOG_LEVEL if args.command == "run" else "WARNING")
    return COMMANDS[args.command](settings, args)
