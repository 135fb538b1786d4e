"""Shared fixtures for the Sudoku tests: the puzzle sets live in <repo>/../shared/sudoku."""
def pytest_configure(config):
    config.addinivalue_line(
        "markers", "slow_data: runs on the large puzzle sets of ../shared/sudoku")
