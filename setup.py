"""Builds eagerflow's OPTIONAL C accelerator (src/eagerflow/_speedups.c).

All project metadata lives in pyproject.toml; this file only adds the extension. The build is
optional: if there is no compiler, no Python headers, or the compile fails for any reason, the install
goes on and eagerflow runs in pure Python (set EAGERFLOW_NO_EXT=1 to skip the build altogether).
"""
import os

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext


class OptionalBuildExt(build_ext):
    """build_ext that never fails the install because of the optional accelerator."""

    def run(self):
        try:
            super().run()
        except Exception as e:  # e.g. no compiler at all
            self._skip(e)

    def build_extension(self, ext):
        try:
            super().build_extension(ext)
        except Exception as e:
            self._skip(e)

    def _skip(self, e):
        self.warn("eagerflow: the optional C accelerator was not built (%s: %s); "
                  "eagerflow will use pure Python." % (type(e).__name__, e))


ext_modules = []
if os.environ.get("EAGERFLOW_NO_EXT", "") in ("", "0"):
    ext_modules.append(Extension("eagerflow._speedups", ["src/eagerflow/_speedups.c"],
                                 optional=True))

setup(ext_modules=ext_modules, cmdclass={"build_ext": OptionalBuildExt})
