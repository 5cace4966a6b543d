"""`python -m bot` runs the `nhsbot` command line."""

from bot.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
