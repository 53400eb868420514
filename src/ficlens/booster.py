"""LightGBM text models scored by LightGBM's own library (`lib_lightgbm` from the lightgbm wheel), called through
ctypes: the predictions of `lightgbm.Booster`, without importing the lightgbm package, which imports pandas and
scipy (about a third of a second of every start-up; BENCHMARKS.md, Speed). Training still uses the package."""

from __future__ import annotations

import ctypes
import importlib.util
import platform
import sys
from functools import cache
from pathlib import Path

import numpy

FLOAT32, ROW_MAJOR, PREDICT_NORMAL, ALL_ITERATIONS = 0, 1, 0, -1
# Fewer rows than this are scored on one thread: waking LightGBM's thread pool costs more than it saves (the same
# predictions either way; BENCHMARKS.md, "Speed").
ONE_THREAD_BELOW_ROWS = 2_000
LIBRARY_NAMES = {"Windows": "lib_lightgbm.dll", "Darwin": "lib_lightgbm.dylib"}
LOG_CALLBACK = ctypes.CFUNCTYPE(None, ctypes.c_char_p)


class BoosterError(RuntimeError):
    """LightGBM refused the model or the rows; the message is LightGBM's."""


@LOG_CALLBACK
def log_to_stderr(message: bytes) -> None:
    """LightGBM's own log lines go to standard error, never into a report on standard output."""
    text = message.decode("utf-8", "replace").strip()
    if text:
        print(text, file=sys.stderr)


@cache
def library() -> ctypes.CDLL:
    spec = importlib.util.find_spec("lightgbm")
    folders = [Path(p) for p in (spec.submodule_search_locations or [])] if spec else []
    name = LIBRARY_NAMES.get(platform.system(), "lib_lightgbm.so")
    found = [f / sub / name for f in folders for sub in ("lib", "bin", ".") if (f / sub / name).is_file()]
    if not found:
        raise BoosterError("LightGBM's library is not installed; reinstall ficlens (pip install ficlens)")
    lib = ctypes.cdll.LoadLibrary(str(found[0]))
    lib.LGBM_GetLastError.restype = ctypes.c_char_p
    call(lib, lib.LGBM_RegisterLogCallback(log_to_stderr))
    return lib


def call(lib: ctypes.CDLL, status: int) -> None:
    if status != 0:
        raise BoosterError(lib.LGBM_GetLastError().decode("utf-8", "replace"))


class Booster:
    """A LightGBM model read from its text; `predict(rows)` is `lightgbm.Booster.predict(rows)`."""

    def __init__(self, model_text: str) -> None:
        self.lib = library()
        self.handle = ctypes.c_void_p()
        iterations = ctypes.c_int()
        call(self.lib, self.lib.LGBM_BoosterLoadModelFromString(
            model_text.encode("utf-8"), ctypes.byref(iterations), ctypes.byref(self.handle)))  # fmt: skip

    def num_feature(self) -> int:
        count = ctypes.c_int()
        call(self.lib, self.lib.LGBM_BoosterGetNumFeature(self.handle, ctypes.byref(count)))
        return count.value

    def predict(self, rows) -> numpy.ndarray:
        matrix = numpy.ascontiguousarray(rows, dtype=numpy.float32)
        if matrix.ndim != 2 or matrix.shape[1] != self.num_feature():
            raise BoosterError(f"rows of {self.num_feature()} features expected, not shape {matrix.shape}")
        result = numpy.empty(len(matrix), dtype=numpy.float64)
        if not len(matrix):
            return result
        written = ctypes.c_int64()
        call(self.lib, self.lib.LGBM_BoosterPredictForMat(
            self.handle, matrix.ctypes.data_as(ctypes.c_void_p), ctypes.c_int(FLOAT32),
            ctypes.c_int32(matrix.shape[0]), ctypes.c_int32(matrix.shape[1]), ctypes.c_int(ROW_MAJOR),
            ctypes.c_int(PREDICT_NORMAL), ctypes.c_int(0), ctypes.c_int(ALL_ITERATIONS),
            ctypes.c_char_p(b"num_threads=1" if len(matrix) < ONE_THREAD_BELOW_ROWS else b""),
            ctypes.byref(written), result.ctypes.data_as(ctypes.POINTER(ctypes.c_double))))  # fmt: skip
        if written.value != len(matrix):
            raise BoosterError(f"LightGBM wrote {written.value} predictions for {len(matrix)} rows")
        return result

    def __del__(self) -> None:
        if getattr(self, "handle", None) and self.handle.value:
            self.lib.LGBM_BoosterFree(self.handle)
