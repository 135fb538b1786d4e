"""Sudoku test configuration. The default tests read the small samples in tests/data/sudoku;
the slow_data tests read the large sets in <repo>/../shared/sudoku (helpers.py)."""


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "slow_data: runs on the large puzzle sets of ../shared/sudoku")
