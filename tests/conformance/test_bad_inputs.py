"""The bad-input conformance table (bad_inputs.py): every generated call runs under TF 2.21 and under
eagerflow in this process, and their outcomes must agree (same exception class and message start, or
equal values/dtypes/shapes).

Calls that disagree today are listed in bad_inputs_known.txt with their defect family; they are
expected failures, strictly: a listed call that now agrees, or whose defect family changed, fails its
family's test until the list is regenerated (``python -m tests.conformance.bad_inputs
--write-known``). The issue's targets (no raw internal errors, no corrupt results, >= 98% of calls
with TF's exception class) are separate tests; while the known list keeps a target out of reach
they xfail with the current figure.
"""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import pytest

tf = pytest.importorskip("tensorflow")

from . import bad_inputs, harness  # noqa: E402

if not tf.__version__.startswith("2.21."):
    pytest.skip("the bad-input table and its known list are recorded against TF 2.21 (found %s)"
                % tf.__version__, allow_module_level=True)

try:
    other = harness.import_other()
except ImportError as e:  # eagerflow not importable yet
    pytest.skip(f"eagerflow not importable: {e}", allow_module_level=True)

CALLS = bad_inputs.generate()
FAMILIES = list(dict.fromkeys(c.family for c in CALLS))
KNOWN = bad_inputs.read_known()
SAME_CLASS_TARGET = 98.0

_rows = {}  # family -> rows, run once per session (nothing is cached on disk)


def _rows_of(family):
    if family not in _rows:
        _rows[family] = bad_inputs.run_table(tf, other, [c for c in CALLS if c.family == family])
    return _rows[family]


def _all_rows():
    return [r for fam in FAMILIES for r in _rows_of(fam)]


def _known_tag(cid):
    parts = KNOWN[cid].split(" ")  # "<call id> [<tag>] eagerflow: ..." (ids hold no spaces)
    return parts[1].strip("[]") if len(parts) > 1 else None


def test_table_size():
    assert len(CALLS) >= 1000
    assert len(FAMILIES) >= 40
    assert len({c.id for c in CALLS}) == len(CALLS)


def test_known_list_names_existing_calls():
    ids = {c.id for c in CALLS}
    stale = sorted(set(KNOWN) - ids)
    assert not stale, ("bad_inputs_known.txt lists calls the table no longer generates "
                       "(regenerate it): %s" % stale)


@pytest.mark.parametrize("family", FAMILIES)
def test_family(family):
    rows = _rows_of(family)
    new, fixed, changed = [], [], []
    for r in rows:
        cid = r.call.id
        if r.verdict is None:
            if cid in KNOWN:
                fixed.append(cid)
        elif cid not in KNOWN:
            new.append("%s\n      %s" % (r.line(), r.verdict[1]))
        elif _known_tag(cid) != r.verdict[0]:
            changed.append("%s (listed as [%s])" % (r.line(), _known_tag(cid)))
    problems = []
    if new:
        problems.append("%d calls disagree with TF:\n  %s" % (len(new), "\n  ".join(new)))
    if changed:
        problems.append("%d known disagreements changed defect family:\n  %s"
                        % (len(changed), "\n  ".join(changed)))
    if fixed:
        problems.append("%d calls on the known list now agree with TF - remove them from "
                        "bad_inputs_known.txt (python -m tests.conformance.bad_inputs "
                        "--write-known):\n  %s" % (len(fixed), "\n  ".join(fixed)))
    assert not problems, "\n".join(problems)


def _target(name, rows, describe):
    unknown = [r.line() for r in rows if r.call.id not in KNOWN]
    assert not unknown, "%s not on the known list:\n  %s" % (name, "\n  ".join(unknown))
    if rows:
        pytest.xfail("%d %s remain (all on the known list): %s"
                     % (len(rows), name, describe(rows)))


def test_no_raw_internal_errors():
    """eagerflow never leaks KeyError/AttributeError/IndexError/OverflowError/AxisError ... where TF
    raises something else (or returns)."""
    rows = [r for r in _all_rows() if r.verdict and r.verdict[0] == "raw"]
    _target("raw internal errors", rows, lambda rs: ", ".join(r.call.id for r in rs))


def test_no_corrupt_results():
    """Every returned tensor has one of TF's dtypes, prints, and holds an array of its dtype."""
    rows = [r for r in _all_rows() if r.verdict and r.verdict[0] == "corrupt"]
    _target("corrupt results", rows, lambda rs: ", ".join(r.call.id for r in rs))


def test_same_exception_class_share():
    rows = _all_rows()
    f = bad_inputs.figures(rows)
    pct = f["same_class_pct"]
    differing = [r for r in rows if not r.same_class]
    unknown = [r.line() for r in differing if r.call.id not in KNOWN]
    assert not unknown, "calls with another outcome class than TF's, not on the known list:\n  " \
        + "\n  ".join(unknown)
    if pct < SAME_CLASS_TARGET:
        pytest.xfail("same exception class in %.2f%% of %d calls (target %.0f%%): %s"
                     % (pct, len(rows), SAME_CLASS_TARGET, bad_inputs.format_figures(f)))
