"""Modules a library imports at its start but uses rarely, imported when first used instead.

A deferred module stands in `sys.modules` until an attribute of it is read; then the module is
imported and every later read goes to it. So `import x` and `from x import ...` of a deferred
module cost nothing until its contents are needed, and then they behave as they would have.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
import types
from typing import Any

_importing = threading.RLock()


class Deferred(types.ModuleType):
    """Stands for a module not imported yet. It carries what the import system reads of a module
    already imported (its spec, loader and file), and nothing else: `__path__` too is read from
    the module, so a submodule imports with its package."""

    def __init__(self, name: str, spec: importlib.machinery.ModuleSpec) -> None:
        super().__init__(name)
        self.__spec__, self.__loader__, self.__file__ = spec, spec.loader, spec.origin

    def __getattr__(self, attribute: str) -> Any:
        return getattr(imported(self.__name__), attribute)


def imported(name: str) -> types.ModuleType:
    """The module `name`, imported now if a Deferred stood for it."""
    with _importing:
        module = sys.modules.get(name)
        if module is None or isinstance(module, Deferred):
            sys.modules.pop(name, None)
            module = importlib.import_module(name)
        return module


def defer_imports(*names: str) -> None:
    """Make each module of `names` not imported yet wait for its first use. A module already
    imported, or not installed, is left as it is."""
    with _importing:
        for name in names:
            if name in sys.modules:
                continue
            try:
                spec = importlib.util.find_spec(name)
            except ModuleNotFoundError:
                continue
            if spec is not None:
                sys.modules[name] = Deferred(name, spec)
