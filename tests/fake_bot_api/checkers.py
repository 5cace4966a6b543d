"""Building blocks of the compiled validators: one closure per spec type shape.

Why closures: validation runs on every call, so each type is turned into a function once and a
call only walks the value (no spec lookups, no string parsing of type names at request time).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(slots=True)
class Issue:
    """One schema problem; ``rejected=False`` marks something Telegram silently ignores."""

    path: str
    message: str
    rejected: bool = True


Checker = Callable[[Any, str, list[Issue]], None]
PRIMITIVES = {"Integer", "String", "Boolean", "Float", "True", "InputFile"}


@dataclass(slots=True)
class Upload:
    """A file part of a multipart request (an ``InputFile`` on the wire)."""

    filename: str
    content_type: str
    data: bytes


def primitive(expr: str) -> Checker:
    accepted: dict[str, tuple[type, ...]] = {
        "Integer": (int,),
        "Float": (int, float),
        "String": (str,),
        "Boolean": (bool,),
        "True": (bool,),
        "InputFile": (str, Upload),
    }
    ok_types = accepted[expr]
    is_bool = expr in ("Boolean", "True")

    def check(value: Any, path: str, issues: list[Issue]) -> None:
        kind = type(value)
        if kind in ok_types:
            return
        if is_bool and kind is int and value in (0, 1):
            return
        issues.append(Issue(path, f"must be of type {expr}, got {type(value).__name__}"))

    return check


def any_value(value: Any, path: str, issues: list[Issue]) -> None:
    return None


def array(inner: Checker, expr: str) -> Checker:
    def check(value: Any, path: str, issues: list[Issue]) -> None:
        if type(value) is not list:
            issues.append(Issue(path, f"must be a JSON array ({expr})"))
            return
        for index, item in enumerate(value):
            inner(item, f"{path}[{index}]", issues)

    return check


def obj(
    name: str, checkers: dict[str, Checker], required: tuple[str, ...], open_: bool
) -> Checker:
    def check(value: Any, path: str, issues: list[Issue]) -> None:
        if type(value) is not dict:
            issues.append(Issue(path, f"must be a JSON object ({name})"))
            return
        for key in required:
            if key not in value:
                issues.append(Issue(f"{path}.{key}", f"required field of {name} is missing"))
        if open_:
            return
        for key, item in value.items():
            checker = checkers.get(key)
            if checker is None:
                issues.append(Issue(f"{path}.{key}", f"unknown field of {name}", False))
            elif item is not None:
                checker(item, f"{path}.{key}", issues)

    return check


def _rejections(issues: list[Issue]) -> int:
    return sum(1 for issue in issues if issue.rejected)


def alternatives(options: list[Checker], name: str) -> Checker:
    """Untagged union: the value must satisfy at least one alternative."""

    def check(value: Any, path: str, issues: list[Issue]) -> None:
        best: list[Issue] | None = None
        for option in options:
            trial: list[Issue] = []
            option(value, path, trial)
            if not _rejections(trial):
                issues.extend(trial)
                return
            if best is None or _rejections(trial) < _rejections(best):
                best = trial
        issues.append(Issue(path, f"does not match any of {name}"))
        issues.extend(best or [])

    return check


def tagged(name: str, tag_field: str, by_tag: dict[str, list[Checker]]) -> Checker:
    """Union tagged by ``type``/``status``/``source``; same-tag variants are alternatives."""
    resolved = {
        tag: options[0] if len(options) == 1 else alternatives(options, f"{name}[{tag}]")
        for tag, options in by_tag.items()
    }

    def check(value: Any, path: str, issues: list[Issue]) -> None:
        if type(value) is not dict:
            issues.append(Issue(path, f"must be a JSON object ({name})"))
            return
        checker = resolved.get(value.get(tag_field))  # type: ignore[arg-type]
        if checker is None:
            tag = value.get(tag_field)
            issues.append(Issue(f"{path}.{tag_field}", f"unknown {name} {tag_field} {tag!r}"))
            return
        checker(value, path, issues)

    return check
