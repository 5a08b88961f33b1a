"""Jinja2 for every page we write: a template folder per package, HTML escaped by default (a
partner's file name or a sheet name can hold anything), a missing value an error, not a blank."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape


@cache
def environment(folder: Path) -> Environment:
    """The templates of `folder`: .html ones autoescaped, text ones (.md, .txt) as they are."""
    return Environment(
        loader=FileSystemLoader(folder),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(folder: Path, name: str, **context: object) -> str:
    return environment(folder).get_template(name).render(**context)
