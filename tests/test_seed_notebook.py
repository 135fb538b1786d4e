"""The seed notebook's code cells run unchanged on eagerflow and print what TF 2.21 prints."""
import os
import re

import numpy as np
import pytest

import eagerflow
from tests.seed_runner import run_cells

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = os.path.join(HERE, "..", "..", "shared", "seed", "seed_notebook_cells.py")
GOLDEN = os.path.join(HERE, "data", "seed_tf221_transcript.txt")


@pytest.fixture(scope="module")
def transcript():
    if not os.path.exists(SEED):
        pytest.skip("../shared/seed/seed_notebook_cells.py is not present")
    return run_cells(open(SEED).read(), eagerflow, np)


def test_every_cell_prints_what_tf_prints(transcript):
    text, _ = transcript
    version = re.search(r"--- cell 8\n([^\n]*)\n", text).group(1)
    assert re.fullmatch(r"\d+\.\d+\.\d+", version), version
    text = re.sub(r"(--- cell 8\n)[^\n]*\n", r"\1<version>\n", text)
    assert text.rstrip("\n") == open(GOLDEN).read().rstrip("\n")


def test_sudoku_search_makes_the_same_770_calls(transcript):
    _, calls = transcript
    assert calls == 770


def test_solved_grid_is_valid(transcript):
    text, _ = transcript
    grid = re.search(r"array\((\[\[.*?\]\])", text, re.S).group(1)
    g = np.array(eval(grid))
    assert g.shape == (9, 9)
    for k in range(9):
        assert sorted(g[k]) == list(range(1, 10))
        assert sorted(g[:, k]) == list(range(1, 10))
        r, c = 3 * (k // 3), 3 * (k % 3)
        assert sorted(g[r:r + 3, c:c + 3].ravel()) == list(range(1, 10))
