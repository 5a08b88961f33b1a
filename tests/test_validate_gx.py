"""Great Expectations as the project runs it (validate.gx): a suite checked with each rule's
configuration built once breaks exactly the rules, at exactly the rows, that it breaks without;
one context serves every check of a process, each batch seeing only its own frame."""

from contextlib import nullcontext

import pandas as pd

from validate.gx import configurations_remembered, gx, gx_context
from validate.run import batch_definition

FRAME = pd.DataFrame(
    {
        "row": [1, 2, 3, 4],
        "hours": [1.5, -2.0, 30.0, 1.0],
        "kind": ["individual", "family", "nonsense", None],
    }
)


def rules() -> list:
    x = gx.expectations
    return [
        x.ExpectColumnValuesToBeBetween(column="hours", min_value=0, max_value=12),
        x.ExpectColumnValuesToBeInSet(column="kind", value_set=["individual", "family"]),
        x.ExpectColumnValuesToNotBeNull(column="kind"),
        x.ExpectColumnToExist(column="row"),
    ]


def outcomes(remembered: bool, frame: pd.DataFrame = FRAME) -> list[tuple[str, bool, list]]:
    batch = batch_definition(gx_context(), "t").get_batch(batch_parameters={"dataframe": frame})
    suite = gx.ExpectationSuite(name="t", expectations=rules())
    result_format = {"result_format": "COMPLETE", "unexpected_index_column_names": ["row"]}
    with configurations_remembered() if remembered else nullcontext():
        results = batch.validate(suite, result_format=result_format).results
    return [
        (
            r.expectation_config.type,
            r.success,
            sorted(i["row"] for i in r.result.get("unexpected_index_list") or []),
        )
        for r in results
    ]


def test_rules_checked_with_their_configurations_remembered_break_as_without():
    remembered = outcomes(remembered=True)
    assert remembered == outcomes(remembered=False)
    assert [broken for _, success, broken in remembered if not success] == [[2, 3], [3], [4]]


def test_a_check_after_another_on_the_one_context_sees_only_its_own_rows():
    outcomes(remembered=True)
    later = FRAME.assign(row=[5, 6, 7, 8], hours=[1.0, 1.0, 1.0, -1.0], kind="family")
    broken = [rows for _, success, rows in outcomes(remembered=True, frame=later) if not success]
    assert gx_context() is gx_context()
    assert broken == [[8]]


def test_a_rules_configuration_is_built_once_inside_the_block_only():
    rule = gx.expectations.ExpectColumnValuesToBeBetween(column="hours", min_value=0)
    with configurations_remembered():
        assert rule.configuration is rule.configuration
    assert rule.configuration is not rule.configuration


def test_a_rule_changed_after_a_check_is_read_as_it_now_is():
    rule = gx.expectations.ExpectColumnValuesToBeBetween(column="hours", min_value=0)
    with configurations_remembered():
        assert rule.configuration.kwargs["min_value"] == 0
    rule.min_value = 5
    with configurations_remembered():
        assert rule.configuration.kwargs["min_value"] == 5
