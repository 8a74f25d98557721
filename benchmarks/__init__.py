"""Benchmarks: ours beside anchors measured in the same run. `python -m benchmarks`."""
