"""The engine: primitives and their single dispatch path, the tape, gradient checking."""
