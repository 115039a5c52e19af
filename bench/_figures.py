"""Figures the benchmarks print: percentiles, and the machine they came from.

A figure means little without the machine and its load, so every benchmark that times
something prints `machine()` beside it.
"""

import os
import platform
import statistics


def percentile(values, fraction):
    """The value below which `fraction` of values lie (nearest rank)."""
    ordered = sorted(values)
    rank = max(1, round(fraction * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def median_p95(values):
    return statistics.median(values), percentile(values, 0.95)


def cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine():
    """One line: CPU model, cores, Python, and the load average (how busy the machine was)."""
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"Machine: {cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()} "
        f"({platform.python_implementation()}), load average {load}"
    )
