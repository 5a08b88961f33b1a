"""The benchmark of issue 9: a large generated consortium, the floors, our run and a naive peer,
each measured as a whole process. Run it with `make bench` or `python -m benchmarks`."""
