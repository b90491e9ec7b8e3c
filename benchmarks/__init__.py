"""Speed measurements: ``python -m benchmarks <name>`` runs ``benchmarks/<name>.py``'s ``main(argv)``.

Each benchmark prints its figures and ratios against a baseline run in the same process.
"""
