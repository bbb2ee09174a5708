"""Loading trusted YAML text in tests (the message catalogs, the glossary): swedu's strict reader without
positions, each problem named for a developer. Not part of the package: nothing in swedu needs it."""
from __future__ import annotations

from swedu._yaml import YamlProblem, compose_checked, to_python


def safe_load_text(text: str, name: str = "<text>") -> object:
    """Load trusted-shape YAML text (catalogs) with the same safety rules, without positions."""
    try:
        return to_python(compose_checked(text)).data
    except YamlProblem as problem:
        # The catalogs cannot explain their own problems, so this message is for developers only.
        raise ValueError(f"{name}, line {problem.line}, column {problem.column}: {problem.plain()}") from None
