"""Modules imported when first used: nothing runs before, everything works after."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from core.deferred import defer_imports


@pytest.fixture
def package(tmp_path, monkeypatch):
    """A package `slowpkg` whose module `heavy` (and its submodule) note each import in
    `slowpkg.IMPORTED`."""
    root = tmp_path / "slowpkg"
    (root / "heavy").mkdir(parents=True)
    (root / "__init__.py").write_text("IMPORTED = []\n")
    (root / "heavy" / "__init__.py").write_text(
        "import slowpkg\nslowpkg.IMPORTED.append('heavy')\ndef entropy(x):\n    return x * 2\n"
    )
    (root / "heavy" / "part.py").write_text("import slowpkg\nslowpkg.IMPORTED.append('part')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield root
    for name in [m for m in sys.modules if m.split(".")[0] == "slowpkg"]:
        del sys.modules[name]


def test_a_deferred_module_is_not_imported_by_an_import_statement(package):
    defer_imports("slowpkg.heavy")
    import slowpkg
    import slowpkg.heavy  # noqa: F401
    from slowpkg import heavy  # noqa: F401

    assert slowpkg.IMPORTED == []


def test_a_deferred_module_is_imported_when_an_attribute_is_first_read(package):
    defer_imports("slowpkg.heavy")
    import slowpkg
    from slowpkg import heavy

    assert heavy.entropy(2) == 4
    assert heavy.entropy(3) == 6
    assert slowpkg.IMPORTED == ["heavy"]
    assert sys.modules["slowpkg.heavy"].entropy is heavy.entropy


def test_a_submodule_of_a_deferred_package_imports_with_its_package(package):
    defer_imports("slowpkg.heavy")
    import slowpkg
    from slowpkg.heavy import part  # noqa: F401

    assert slowpkg.IMPORTED == ["heavy", "part"]


def test_a_module_already_imported_or_not_installed_is_left_as_it_is(package):
    import slowpkg.heavy

    defer_imports("slowpkg.heavy", "no_such_module", "no_such_package.module")
    assert sys.modules["slowpkg.heavy"] is slowpkg.heavy
    assert "no_such_module" not in sys.modules
    with pytest.raises(ModuleNotFoundError):
        import no_such_module  # noqa: F401


def validated(frame: str, expectation: str, then: str) -> str:
    """What `then` prints after `expectation` is checked on `frame` (Python source of each)
    through validate.gx, in a fresh process; `result` is the expectation's result."""
    code = textwrap.dedent(
        f"""
        import sys
        import pandas as pd
        from validate.gx import gx, gx_context
        source = gx_context().data_sources.get("submissions")
        batch = (
            source.add_dataframe_asset(name="t")
            .add_batch_definition_whole_dataframe("run")
            .get_batch(batch_parameters={{"dataframe": pd.DataFrame({frame})}})
        )
        result = batch.validate(gx.expectations.{expectation})
        """
    )
    result = subprocess.run([sys.executable, "-c", code + then], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()[-1]


def test_great_expectations_validates_without_importing_scipy_stats_or_altair():
    # the project imports GX through validate.gx; a rule checked end to end needs neither
    printed = validated(
        '{"hours": [1.5, -2.0]}',
        'ExpectColumnValuesToBeBetween(column="hours", min_value=0)',
        "loaded = [m for m in ('scipy.stats', 'altair')"
        " if type(sys.modules[m]).__name__ != 'Deferred']\n"
        "print(result.success, result.result['unexpected_count'], loaded)\n",
    )
    assert printed == "False 1 []"


def test_an_expectation_that_needs_scipy_still_works():
    printed = validated(
        '{"kind": ["a", "b"] * 50}',
        'ExpectColumnKLDivergenceToBeLessThan(column="kind", '
        'partition_object={"values": ["a", "b"], "weights": [0.5, 0.5]}, threshold=0.1)',
        "print(result.success, result.exception_info.get('raised_exception'))\n",
    )
    assert printed == "True False"
