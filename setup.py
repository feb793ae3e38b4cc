"""Build the optional compiled parts: the page walk (``cleantext/html/_walk.pyx``),
the page statistics' and HTML guard's loops (``cleantext/html/_stats.pyx``), the
tree scorer and numeric loops of ``outside-main-text``
(``cleantext/rules/_trees.pyx``, ``cleantext/rules/_context.pyx``), the
text segmenter's sentence-end and glued-heading searches and the phrase rules'
label decisions (``cleantext/_segment.pyx``), the phrase index's first-word search
and guards (``cleantext/_phrases.pyx``), the loader's UTF-8 check
and its scans of a ``str`` for lone surrogates and control characters
(``cleantext/_utf8.pyx``), and the text document's removal, output and counting
loops (``cleantext/_textdoc.pyx``).

Everything else about the package is in ``pyproject.toml``. The extensions are
compiled with Cython against lxml's public C API (the headers lxml ships); when
that fails (no C compiler, no Cython), the package installs without it and runs
the pure-Python code, which gives the same results more slowly. Set
``CLEANTEXT_REQUIRE_NATIVE=1`` to make such a failure an error (CI does).
"""

from __future__ import annotations

import os
import sys

from setuptools import setup
from setuptools.command.build_ext import build_ext

REQUIRED = os.environ.get("CLEANTEXT_REQUIRE_NATIVE") == "1"


class OptionalBuildExt(build_ext):
    """``build_ext`` that warns instead of failing, unless the walk is required."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:  # a missing compiler raises several distutils errors
            self._skip(exc)

    def build_extension(self, ext):  # type: ignore[no-untyped-def]
        try:
            super().build_extension(ext)
        except Exception as exc:
            self._skip(exc)

    def _skip(self, exc: Exception) -> None:
        if REQUIRED:
            raise exc
        print(
            f"warning: cleantext's compiled page walk was not built ({exc}); "
            "the pure-Python walk will be used (same results, slower)",
            file=sys.stderr,
        )


def extensions() -> list:  # type: ignore[type-arg]
    try:
        import lxml
        from Cython.Build import cythonize
    except ImportError as exc:
        if REQUIRED:
            raise
        print(f"warning: not building the compiled walk: {exc}", file=sys.stderr)
        return []
    from setuptools import Extension

    walk = Extension(
        "cleantext.html._walk",
        ["src/cleantext/html/_walk.pyx"],
        include_dirs=lxml.get_include(),
    )
    stats = Extension(
        "cleantext.html._stats",
        ["src/cleantext/html/_stats.pyx"],
        include_dirs=lxml.get_include(),
    )
    trees = Extension("cleantext.rules._trees", ["src/cleantext/rules/_trees.pyx"])
    context = Extension("cleantext.rules._context", ["src/cleantext/rules/_context.pyx"])
    segment = Extension("cleantext._segment", ["src/cleantext/_segment.pyx"])
    phrases = Extension("cleantext._phrases", ["src/cleantext/_phrases.pyx"])
    utf8 = Extension("cleantext._utf8", ["src/cleantext/_utf8.pyx"])
    textdoc = Extension("cleantext._textdoc", ["src/cleantext/_textdoc.pyx"])
    return cythonize(
        [walk, stats, trees, context, segment, phrases, utf8, textdoc],
        compiler_directives={"language_level": "3"},
        quiet=True,
    )


setup(ext_modules=extensions(), cmdclass={"build_ext": OptionalBuildExt})
