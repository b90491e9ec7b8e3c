"""Speed measurements: ``python -m benchmarks <name> [args]`` runs ``benchmarks/<name>.py``'s
``main()`` (given the remaining arguments if it takes any).

Each benchmark prints its figures and ratios against a baseline run in the same process.
"""
