"""Sudoku on eagerflow: the seed notebook's backtracking search and a batched tensor solver.

    python -m eagerflow.sudoku puzzles.txt          # or: eagerflow-sudoku puzzles.txt
"""
from .api import MODES, SOLVERS, STATUSES, Result, solve_puzzles
from .grid_io import NOTEBOOK_PUZZLE, check_grid, format_grid, parse_text

__all__ = ["MODES", "SOLVERS", "STATUSES", "Result", "solve_puzzles", "NOTEBOOK_PUZZLE",
           "check_grid", "format_grid", "parse_text"]
