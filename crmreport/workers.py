"""Independent pieces of work run side by side, one per core: in forked worker processes (charts, audit checks:
Python-heavy work) or in threads (column-wise Arrow kernels, which release the GIL).

Forked workers inherit the parsed tables instead of receiving them: only each job's result is pickled back.
``CRMREPORT_WORKERS=1`` keeps everything in one process and one thread.
"""

from __future__ import annotations

import os
from typing import Callable, Iterable, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
MAX_WORKERS = 4
_PENDING: list[Callable[[], object]] = []  # the jobs of the running pool, by position (inherited by the workers)
_in_worker = False


def worker_count() -> int:
    """Workers to use: CRMREPORT_WORKERS if set, else the cores this process may run on (at most MAX_WORKERS)."""
    wanted = os.environ.get("CRMREPORT_WORKERS", "").strip()
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return min(cores, MAX_WORKERS)


def _run_pending(position: int) -> object:
    global _in_worker
    _in_worker = True
    return _PENDING[position]()


def run_jobs(jobs: list[Callable[[], Result]], workers: int | None = None, minimum: int = 2) -> list[Result]:
    """Each job's result, in the order of ``jobs``. With more than one worker and at least ``minimum`` jobs they
    run in forked processes; otherwise (or where processes cannot be forked, or inside a worker) one by one here."""
    workers = worker_count() if workers is None else workers
    if workers < 2 or len(jobs) < minimum or _in_worker:
        return [job() for job in jobs]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if "fork" not in multiprocessing.get_all_start_methods():
        return [job() for job in jobs]
    _PENDING[:] = jobs
    release_free_memory()
    try:
        with ProcessPoolExecutor(min(workers, len(jobs)), mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(_run_pending, range(len(jobs))))
    finally:
        _PENDING.clear()


def release_free_memory() -> None:
    """Hand the C heap's free pages back to the system (glibc's ``malloc_trim``; a no-op elsewhere). Called before
    forking: pages freed by numpy and pandas temporaries stay resident in a glibc process, and every forked worker
    would count them in its own memory as well."""
    import ctypes
    import ctypes.util

    try:
        ctypes.CDLL(ctypes.util.find_library("c")).malloc_trim(0)
    except (OSError, AttributeError, TypeError):  # no C library found, or one without malloc_trim (musl, macOS)
        pass


def map_in_threads(function: Callable[[Item], Result], items: Iterable[Item]) -> list[Result]:
    """``[function(item) for item in items]``, computed in one thread per core: for functions that spend their time
    in code that releases the GIL (Arrow compute), so that the threads really run at once."""
    items = list(items)
    workers = min(worker_count(), len(items))
    if workers < 2:
        return [function(item) for item in items]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(function, items))


def start_in_thread(function: Callable[..., Result], *arguments: object) -> Callable[[], Result]:
    """Start ``function(*arguments)`` in a thread and return a call that waits for its result (re-raising its error).
    As with map_in_threads, worth it where the function spends its time in Arrow compute; with one worker
    (``CRMREPORT_WORKERS=1``) it runs here and now."""
    if worker_count() < 2:
        result = function(*arguments)
        return lambda: result
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(1)
    future = pool.submit(function, *arguments)
    pool.shutdown(wait=False)  # the thread ends once this one call is done
    return future.result
