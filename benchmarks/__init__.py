"""Benchmark harness for cleantext: accuracy and speed against peer extractors."""
