"""Large-commune benchmarks: every figure is a median and a ratio to a raw baseline measured in the same run."""
