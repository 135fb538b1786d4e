"""The fake GPU: the strict stand-in array module registered as eagerflow's GPU library for one
test, through the seam CuPy takes (engine/device.py), and unregistered after it."""
import pytest

from tests.device import standin


@pytest.fixture
def gpu():
    standin.register()
    try:
        yield standin
    finally:
        standin.unregister()
