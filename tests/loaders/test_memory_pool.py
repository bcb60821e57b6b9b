"""Loading switches Arrow to jemalloc (memory handed back sooner), unless the environment names a pool."""

from __future__ import annotations

import os
import subprocess
import sys


def test_loading_switches_arrow_to_jemalloc_unless_told_otherwise(tmp_path):
    import pyarrow as pa

    if not hasattr(pa, "jemalloc_memory_pool"):
        return
    try:
        pa.jemalloc_memory_pool()
    except NotImplementedError:
        return  # this pyarrow has no jemalloc: the loader keeps the default
    path = tmp_path / "deals.csv"
    path.write_text("Stage,Amount\nClosed Won,100\n")
    script = ("import sys; from pathlib import Path; import pyarrow as pa; "
              "from crmreport.loaders import load_dataset, LoadOptions; "
              "load_dataset([Path(sys.argv[1])], LoadOptions()); print(pa.default_memory_pool().backend_name)")
    chosen = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=True)
    told = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=True,
                          env={**os.environ, "ARROW_DEFAULT_MEMORY_POOL": "system"})
    assert chosen.stdout.strip() == "jemalloc"
    assert told.stdout.strip() == "system"
