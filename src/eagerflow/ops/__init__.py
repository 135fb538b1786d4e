"""The ops: primitives (with their gradient rules beside them) and composites, by family."""
