import pytest

from ficlens.errors import PipelineError
from ficlens.stages import check_order, default_stages


def test_default_order_is_valid():
    check_order(default_stages())


def test_out_of_order_fails_before_running_and_names_the_fix():
    stages = default_stages()
    speakers = next(s for s in stages if s.name == "speakers")
    reordered = [speakers] + [s for s in stages if s.name != "speakers"]
    with pytest.raises(PipelineError, match="stage 'speakers' needs 'quotes'.*put 'quotes' before 'speakers'"):
        check_order(reordered)
