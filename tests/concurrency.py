"""Firing requests at the same moment, for the race tests on PostgreSQL."""

import threading

from django.db import connections


def fire_at_once(requests) -> list:
    """Run each zero-argument callable in its own thread (with its own
    database connection), released together by a barrier; return their
    results or the exceptions they raised, in order."""
    barrier = threading.Barrier(len(requests))
    results: list = [None] * len(requests)

    def run(index, request):
        try:
            barrier.wait(timeout=10)
            results[index] = request()
        except BaseException as error:  # noqa: BLE001 - reported by the caller
            results[index] = error
        finally:
            connections.close_all()

    workers = [
        threading.Thread(target=run, args=(i, r)) for i, r in enumerate(requests)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert not any(worker.is_alive() for worker in workers), "a worker hung"
    return results
