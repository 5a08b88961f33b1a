"""The whole monthly run on the demo consortium, with real Prefect, GX, DuckDB and Plotly."""

import duckdb


def test_demo_run_writes_dashboard_export_and_feedback(demo_run):
    assert (demo_run / "site" / "index.html").is_file()
    assert (demo_run / "site" / "plotly.min.js").is_file()
    assert list((demo_run / "exports").rglob("*.csv"))
    assert list((demo_run / "feedback").rglob("*.txt"))


def test_demo_run_loads_figures_for_every_partner(demo_run):
    con = duckdb.connect(str(demo_run / "warehouse.duckdb"), read_only=True)
    partners = {
        row[0]
        for row in con.execute("select distinct partner_id from mart_partner_months").fetchall()
    }
    assert partners == {"most-si", "oporavak-ba", "klub-pl", "endring-no"}


def test_every_original_file_is_archived_unchanged(demo_run):
    from collect.inbox import archived_original
    from core.config import Workspace
    from core.fingerprint import file_sha256

    ws = Workspace.open(demo_run)
    inbox = [p for p in (demo_run / "inbox").rglob("*") if p.is_file() and p.name != "received.csv"]
    # encrypted at rest, the original bytes once decrypted
    assert all(archived_original(ws, file_sha256(p)) == p.read_bytes() for p in inbox)
