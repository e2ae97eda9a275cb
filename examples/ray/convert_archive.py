"""Convert an archive of documents to Parquet with Ray Data: one row per file, failures marked.

    python examples/ray/convert_archive.py INPUT OUTPUT [--restore auto|always|never]

The same rows as the Spark job (examples/spark/convert_archive.py): path, sha256, type, number,
date, issuer, title, the whole JSON `vanban convert` writes, and an error column (null when
converted). Each Ray worker process imports `vanban` once; the conversion runs in Rust with the
GIL released. Needs `pip install "ray[data]"` and the vanban wheel on every node.
"""

from __future__ import annotations

import argparse


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", help="folder of documents (walked recursively)")
    parser.add_argument("output", help="Parquet folder to write")
    parser.add_argument("--restore", default="auto", choices=["auto", "always", "never"])
    args = parser.parse_args(argv)

    import pandas as pd
    import ray

    def convert_batch(batch: pd.DataFrame) -> pd.DataFrame:
        import vanban  # once per worker process

        rows = [vanban.convert_record(content, path, restore=args.restore)
                for path, content in zip(batch["path"], batch["bytes"])]
        return pd.DataFrame(rows, columns=list(vanban.RECORD_FIELDS))

    files = ray.data.read_binary_files(args.input, include_paths=True)
    files.map_batches(convert_batch, batch_format="pandas", batch_size=32).write_parquet(args.output)


if __name__ == "__main__":
    main()
