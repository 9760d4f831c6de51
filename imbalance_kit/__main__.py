"""Command line: ``python -m imbalance_kit demo`` and ``... warmup``."""

import argparse
import sys


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m imbalance_kit")
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser(
        "demo", help="resample bundled data, fit a classifier, compare metrics"
    )
    demo.add_argument("--folds", type=int, default=5, help="CV folds (default 5)")
    demo.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    commands.add_parser(
        "warmup",
        help="compile every numba kernel into the on-disk cache "
        "(once per machine; for Docker images and CI)",
    )
    args = parser.parse_args(argv)
    if args.command == "demo":
        from ._demo import run

        run(n_splits=args.folds, seed=args.seed)
    elif args.command == "warmup":
        from ._warmup import run

        run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
