"""Arguments of `nhsbot sync` and `nhsbot alerts …` (kept apart from the commands, which import
the watcher and sender: `nhsbot ask` should not pay for them)."""

from __future__ import annotations

import argparse


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Add `sync` and `alerts` to the `nhsbot` sub-commands."""
    sub.add_parser("sync", help="fetch newly published NOF files now, import, plan alerts")
    p = sub.add_parser("alerts", help="segment-change alert runs")
    alerts = p.add_subparsers(dest="alerts_command", required=True)
    alerts.add_parser("status", help="alert runs and their deliveries by status")
    plan = alerts.add_parser("plan", help="queue alerts for a quarter (idempotent)")
    plan.add_argument("--quarter", help='e.g. "Q4 2025/26" (default: the latest)')
    send = alerts.add_parser("send", help="send queued alerts now (needs TELEGRAM_BOT_TOKEN)")
    send.add_argument("--max", type=int, dest="max_messages", help="stop after this many")
