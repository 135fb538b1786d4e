"""The engine: primitives and the one dispatch path (primitive.py), variable storage and its
primitives (resource.py)."""
