"""Where cleantext's optional compiled modules are loaded, in one place.

``setup.py`` builds a few Cython modules (the page walk and markup judging, the page
statistics, the text loops of ``outside-main-text``, the glued-heading search, the
phrase index, the loader's UTF-8 check) when a C compiler is at hand. Each
has a Python version that gives the same results; that one runs when the module was
not built, or everywhere when the environment sets ``CLEANTEXT_PURE_PYTHON=1`` (to
compare the two, or to rule the compiled code out when hunting a bug).
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType

__all__ = ["compiled_module", "pure_python_forced"]


def pure_python_forced() -> bool:
    """Whether ``CLEANTEXT_PURE_PYTHON`` asks for the Python versions everywhere."""
    return bool(os.environ.get("CLEANTEXT_PURE_PYTHON"))


def compiled_module(name: str) -> ModuleType | None:
    """The compiled module ``cleantext.<name>`` (``"html._walk"``), or ``None`` when
    it was not built or the Python versions are forced."""
    if pure_python_forced():
        return None
    try:
        return importlib.import_module(f"cleantext.{name}")
    except ImportError:
        return None
