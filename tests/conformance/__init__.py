"""Conformance suite: the same snippets under real TensorFlow and eagerflow."""
