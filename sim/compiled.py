"""The compiled engine: the hot modules of ``sim`` compiled to C with mypyc, source as fallback.

``make setup`` (and ``make test``/``run``/``bench`` after a change to ``sim/``) calls
:func:`main` with ``build``: mypyc compiles the modules in :data:`MODULES` into extension
modules beside their source, and a digest of that source is written next to them. Python
imports an extension module in preference to the ``.py`` of the same name, so every import of
``sim.steps`` then gets the compiled one; the results are the same, to the last bit (the code is
the same, typed Python; the tests compare the two engines on every example).

The source runs instead, all of it (compiled and interpreted classes cannot be mixed), when:

- nothing was compiled (no C compiler, a plain ``pip install``): the engine is pure Python;
- the source changed since the build (its digest differs): an edit takes effect at once and
  never runs against a stale compilation;
- ``AMBACHT_ENGINE=python`` is set (profiling with a Python profiler, debugging).
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
MODULES = ("kernel", "integral", "stock", "random", "timeline", "absence", "phases", "supervision",
           "steps", "workforce", "seats", "supervisor_work", "market", "materials")
"""The modules compiled: the engine's hot path (per event and per lot), nothing that a user's
input reaches first (scenario language, loader) and nothing that subclasses them."""
SWITCH = "AMBACHT_ENGINE"
"""Set to ``python`` to run the source even where a current compiled engine exists."""
DIGEST = HERE / "engine.digest"
GROUP = "sim.engine"
"""mypyc's shared library for all the compiled modules: ``sim/engine__mypyc*.so``."""
SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]


def source_digest() -> str:
    """A digest of the compiled modules' source, and of the Python it was compiled for."""
    digest = hashlib.sha256(sys.version.encode())
    for name in MODULES:
        digest.update(name.encode())
        digest.update((HERE / f"{name}.py").read_bytes())
    return digest.hexdigest()


def extensions() -> list[Path]:
    """The compiled files present in ``sim/`` (the modules' and the shared library)."""
    return sorted(HERE.glob(f"*{SUFFIX}"))


def state() -> str:
    """``compiled``, ``python`` (nothing compiled), ``switched off``, ``out of date`` or
    ``incomplete`` (some compiled files missing)."""
    present = {path.name for path in extensions()}
    if not present:
        return "python"
    names = (*MODULES, GROUP.rpartition(".")[2] + "__mypyc")
    if not all(f"{name}{SUFFIX}" in present for name in names):
        return "incomplete"
    if os.environ.get(SWITCH, "").lower() == "python":
        return "switched off"
    try:
        built = DIGEST.read_text().strip()
    except OSError:
        return "out of date"
    return "compiled" if built == source_digest() else "out of date"


class _SourceFirst(importlib.abc.MetaPathFinder):
    """Finds every module of ``sim/`` that has source as source, ahead of any compiled copy
    beside it: also a module compiled by another version of :data:`MODULES` (a build made on a
    later commit, then an earlier one checked out), whose loading would pull the rest of its
    compiled group into ``sys.modules``."""

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        package, _, name = fullname.rpartition(".")
        source = HERE / f"{name}.py"
        if package != __package__ or not source.is_file():
            return None
        return importlib.util.spec_from_file_location(fullname, source)


def guard() -> str:
    """Run the source unless a current compiled engine is present; returns :func:`state`."""
    current = state()
    if current not in ("compiled", "python") and not any(
            isinstance(finder, _SourceFirst) for finder in sys.meta_path):
        sys.meta_path.insert(0, _SourceFirst())
    return current


def build() -> None:
    """Compile :data:`MODULES` with mypyc and put the extension modules beside their source.

    Built in a temporary folder; the files in ``sim/`` are replaced only when every module
    compiled, and the digest is written last, so an interrupted build leaves the source running.
    """
    from mypyc.build import mypycify
    from setuptools import setup

    digest = source_digest()  # of the source compiled: an edit during the build makes it stale
    cwd = Path.cwd()
    with tempfile.TemporaryDirectory(prefix="ambacht-engine-") as tmp:
        paths = [str(HERE / f"{name}.py") for name in MODULES]
        os.chdir(HERE.parent)  # mypyc type-checks with the project's mypy settings
        try:
            extensions_ = mypycify(paths, opt_level="3", group_name=GROUP, target_dir=tmp)
        finally:
            os.chdir(cwd)
        lib = Path(tmp) / "lib"
        os.chdir(tmp)  # setuptools reads the configuration of the folder it runs in: none here
        try:
            setup(name="ambacht-engine", packages=[], py_modules=[], ext_modules=extensions_,
                  script_args=["--quiet", "build_ext", "--build-lib", str(lib),
                               "--build-temp", str(Path(tmp) / "temp")])
        finally:
            os.chdir(cwd)
        built = sorted((lib / HERE.name).glob(f"*{SUFFIX}"))
        if len(built) != len(MODULES) + 1:
            raise RuntimeError(f"mypyc built {len(built)} files, expected {len(MODULES) + 1}")
        remove()
        for path in built:
            shutil.copy2(path, HERE / path.name)
    DIGEST.write_text(digest + "\n")


def remove() -> None:
    """Remove the compiled engine (before a build puts the new one in place)."""
    DIGEST.unlink(missing_ok=True)
    for path in extensions():
        path.unlink()


def main(argv: list[str] | None = None) -> int:
    command = (argv if argv is not None else sys.argv[1:]) or ["status"]
    if command[0] == "build":
        try:
            build()
        except (Exception, SystemExit) as error:  # noqa: BLE001 - any failure: the source runs
            print(f"The engine was not compiled ({error}); it runs as Python, only slower.",
                  file=sys.stderr)
            return 1
        print(f"Engine compiled: {len(MODULES)} modules of sim/ ({', '.join(MODULES)}).")
    print(f"Engine: {state()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
