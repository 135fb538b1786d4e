"""Sudoku test configuration; the puzzle sets are read from <repo>/../shared/sudoku (helpers.py)."""


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "slow_data: runs on the large puzzle sets of ../shared/sudoku")
