import importlib
import inspect
import pkgutil
import sys
from pathlib import Path


def available():
    return sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if not m.name.startswith("_"))


def main(argv):
    if argv and argv[0] == "all":
        # One process each: every benchmark sets Django up in its own way.
        import subprocess

        return max(subprocess.call([sys.executable, "-m", "benchmarks", name]) for name in available())
    if not argv or argv[0] not in available():
        print(f"usage: python -m benchmarks <name>|all [args]; names: {', '.join(available())}")
        return 2
    print(f"== {argv[0]}", flush=True)
    module = importlib.import_module(f"benchmarks.{argv[0]}")
    takes_args = bool(inspect.signature(module.main).parameters)
    return (module.main(argv[1:]) if takes_args else module.main()) or 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
