"""(being written)"""
__all__ = []
MATH = []
NN = []
LINALG = []
RANDOM = []
