"""Benchmarks: ``python -m benchmarks NAME`` runs ``benchmarks/NAME.py``'s ``main()``, which prints
its figures and the ratio to a baseline run in the same process. Without a name, all of them."""
