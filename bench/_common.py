"""Shared helpers of the benchmark scripts: where the evaluation data is, peak memory."""

from __future__ import annotations

import os
import resource
import sys
from pathlib import Path

SHARED = Path(
    os.environ.get("NEWSFUSE_SHARED", Path(__file__).resolve().parents[1].parent / "shared")
)
EVAL = SHARED / "eval"


def require(path: Path) -> Path:
    """Exit with a clear message (status 0: nothing to measure) when the data is absent."""
    if not path.exists():
        print(f"skipped: {path} not found (put ../shared beside the repository)")
        sys.exit(0)
    return path


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
