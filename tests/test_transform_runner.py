import duckdb

from transforms.runner import build_models, build_order, model_files


def test_models_build_after_the_models_they_read(tmp_path):
    (tmp_path / "mart_b.sql").write_text("select n * 2 as n from staging_a")
    (tmp_path / "staging_a.sql").write_text("-- mart_b is not read here\nselect 1 as n")
    assert build_order(model_files(tmp_path)) == ["staging_a", "mart_b"]


def test_every_model_is_materialised_as_a_table(tmp_path):
    (tmp_path / "staging_a.sql").write_text("select 21 as n")
    (tmp_path / "mart_b.sql").write_text("select n * 2 as n from staging_a")
    con = duckdb.connect()
    build_models(con, models_dir=tmp_path)
    assert con.execute("select n from mart_b").fetchone() == (42,)
