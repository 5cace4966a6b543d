"""Load the Bot API spec once and compile it into fast structural validators.

Why compile: the fake must sustain thousands of calls per second, so each method's parameters
and every reachable object type become plain closures at load time; a call then only runs them.
"""

from __future__ import annotations

import functools
import gzip
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import checkers
from .checkers import PRIMITIVES, Checker, Issue, Upload

__all__ = ["CompiledSpec", "Issue", "MethodSpec", "ParamSpec", "Upload", "load_spec"]

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "telegram"
DEFAULT_SPEC_PATH = DATA_DIR / "bot-api-10.1.json.gz"


_ATTACH = re.compile(r"attach://([\w-]+)")
_DISCRIMINATOR = re.compile(r"(?:must be|always)\s*[\"“”']?([\w-]+)")


@dataclass(slots=True)
class ParamSpec:
    """One method parameter with its pre-compiled checker and decoding hints."""

    name: str
    required: bool
    types: tuple[str, ...]
    check: Checker
    accepts_string: bool
    pure_string: bool
    accepts_file: bool
    integer_only: bool


@dataclass(slots=True)
class MethodSpec:
    """A Bot API method: its parameters and return type, from the spec."""

    name: str
    params: dict[str, ParamSpec]
    required: tuple[str, ...]
    returns: tuple[str, ...]


@dataclass
class CompiledSpec:
    """All methods (keyed by lower-case name, as Telegram routes them) and type checkers."""

    version: str
    methods: dict[str, MethodSpec]
    raw_types: dict[str, Any]
    _compiler: _Compiler = field(repr=False)

    def method(self, name: str) -> MethodSpec | None:
        """Case-insensitive lookup, like Telegram's router."""
        return self.methods.get(name.lower())

    def validate(self, type_expr: str, value: Any, path: str = "") -> list[Issue]:
        """Check ``value`` against a spec type such as ``"Message"`` or ``"Array of Update"``."""
        issues: list[Issue] = []
        self._compiler.expr(type_expr)(value, path or type_expr, issues)
        return issues

    def decode_params(
        self, method: MethodSpec, raw: dict[str, Any]
    ) -> tuple[dict[str, Any], list[Issue]]:
        """Turn wire values (form strings, JSON values, uploads) into typed params and check them.

        Form encoding sends every scalar as a string and every object as a JSON string, so a
        non-string parameter is JSON-decoded first; a parameter that also accepts ``String``
        (``chat_id``) keeps the raw string when it does not decode to a valid alternative.
        """
        params: dict[str, Any] = {}
        issues: list[Issue] = []
        specs = method.params
        attached: list[str] = []
        for name, value in raw.items():
            spec = specs.get(name)
            if isinstance(value, str) and "attach://" in value:
                attached.extend(_ATTACH.findall(value))
            if spec is None:
                params[name] = value
                if not isinstance(value, Upload):  # uploads are attach:// targets
                    issues.append(Issue(name, "unknown parameter (Telegram ignores it)", False))
                continue
            if isinstance(value, Upload):
                if not spec.accepts_file:
                    issues.append(Issue(name, "a file was uploaded for a non-InputFile parameter"))
                params[name] = value
                continue
            if isinstance(value, str) and not spec.pure_string:
                value = _decode_string(value, spec)
            params[name] = value
            if value is None:
                continue
            if type(value) is float and spec.integer_only:
                # PTB sends fractional timedeltas as floats; Telegram truncates, so only warn.
                issues.append(Issue(name, "fractional value for an Integer parameter", False))
                continue
            spec.check(value, name, issues)
        for name in attached:
            if not isinstance(raw.get(name), Upload):
                issues.append(Issue(name, f"attach://{name} names no uploaded file part"))
        return params, issues


def _decode_string(value: str, spec: ParamSpec) -> Any:
    try:
        decoded = json.loads(value)
    except ValueError:
        return value
    if not spec.accepts_string:
        return decoded
    probe: list[Issue] = []
    spec.check(decoded, "", probe)
    return value if any(i.rejected for i in probe) else decoded


class _Compiler:
    """Compiles spec type expressions into checkers, memoised, recursion-safe."""

    def __init__(self, types: dict[str, Any]) -> None:
        self._types = types
        self._cache: dict[str, Checker] = {}

    def union(self, exprs: tuple[str, ...]) -> Checker:
        if len(exprs) == 1:
            return self.expr(exprs[0])
        key = " or ".join(exprs)
        if key not in self._cache:
            self._cache[key] = checkers.alternatives([self.expr(e) for e in exprs], key)
        return self._cache[key]

    def expr(self, expr: str) -> Checker:
        cached = self._cache.get(expr)
        if cached is not None:
            return cached
        slot: list[Checker] = []

        def lazy(value: Any, path: str, issues: list[Issue]) -> None:
            slot[0](value, path, issues)

        self._cache[expr] = lazy  # breaks cycles such as RichText -> Array of RichText
        real = self._build(expr)
        slot.append(real)
        self._cache[expr] = real
        return real

    def _build(self, expr: str) -> Checker:
        if expr.startswith("Array of "):
            return checkers.array(self.expr(expr[len("Array of ") :]), expr)
        if expr in PRIMITIVES:
            return checkers.primitive(expr)
        spec = self._types.get(expr)
        if spec is None:
            return checkers.any_value
        if "subtypes" in spec:
            return self._build_union(expr, spec["subtypes"])
        return self._build_object(expr, spec.get("fields", []))

    def _build_object(self, name: str, fields: list[dict[str, Any]]) -> Checker:
        by_field = {f["name"]: self.union(tuple(f["types"])) for f in fields}
        required = tuple(f["name"] for f in fields if f["required"])
        return checkers.obj(name, by_field, required, open_=not fields)

    def _build_union(self, name: str, subtypes: list[str]) -> Checker:
        by_tag: dict[str, list[Checker]] = {}
        tag_field = ""
        for sub in subtypes:
            fields = self._types.get(sub, {}).get("fields")
            first = fields[0] if fields else None
            match = _DISCRIMINATOR.search(first["description"]) if first else None
            if not match or first["name"] not in ("type", "status", "source"):
                return checkers.alternatives([self.expr(s) for s in subtypes], name)
            tag_field = first["name"]
            by_tag.setdefault(match.group(1), []).append(self.expr(sub))
        return checkers.tagged(name, tag_field, by_tag)


def _compile(raw: dict[str, Any]) -> CompiledSpec:
    compiler = _Compiler(raw["types"])
    methods: dict[str, MethodSpec] = {}
    for name, method in raw["methods"].items():
        params: dict[str, ParamSpec] = {}
        for f in method.get("fields", []):
            types = tuple(f["types"])
            params[f["name"]] = ParamSpec(
                name=f["name"],
                required=f["required"],
                types=types,
                check=compiler.union(types),
                accepts_string="String" in types or "InputFile" in types,
                pure_string=types == ("String",),
                accepts_file="InputFile" in types,
                integer_only="Integer" in types and "Float" not in types,
            )
        required = tuple(p.name for p in params.values() if p.required)
        methods[name.lower()] = MethodSpec(name, params, required, tuple(method["returns"]))
    return CompiledSpec(raw["version"], methods, raw["types"], compiler)


@functools.lru_cache(maxsize=4)
def load_spec(path: str | Path = DEFAULT_SPEC_PATH) -> CompiledSpec:
    """Read (gzip or plain JSON) and compile the spec; cached so every test shares one copy."""
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        return _compile(json.load(fh))
