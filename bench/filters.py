"""Filter and sort timings on one RocksDB shard with its inverted index (in-process).

    python bench/filters.py [--objects 100000] [--repeat 5]

Objects: ``cat`` an int with 10 values, ``price`` a unique float (with a range
index), ``score`` a unique float (filterable only), ``text`` 6 words from a
1000-word vocabulary, ``code`` a unique field-tokenized text, ``flag`` a
boolean, ``when`` a date, ``loc`` geo coordinates. Prints the import rate with
and without the index and the median time of each filter / sort (cold = first
call, which builds a numeric column).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from weftdb.entities.filters import Filter, GeoRange, Operator, ValueType  # noqa: E402
from weftdb.entities.objects import StoredObject  # noqa: E402
from weftdb.entities.schema import CollectionDef  # noqa: E402
from weftdb.entities.search import SortSpec  # noqa: E402
from weftdb.storage.db.shard import Shard  # noqa: E402
from weftdb.storage.inverted.filters import FilterEvaluator  # noqa: E402
from weftdb.storage.inverted.index import InvertedIndex  # noqa: E402
from weftdb.storage.inverted.sort import ShardSorter  # noqa: E402
from weftdb.storage.kv.rocksdb import RocksEngine  # noqa: E402

Op, V = Operator, ValueType
COLLECTION = CollectionDef.from_dict({
    "class": "Bench",
    "invertedIndexConfig": {"indexNullState": True, "indexPropertyLength": True, "indexTimestamps": True},
    "properties": [
        {"name": "cat", "dataType": ["int"]},
        {"name": "price", "dataType": ["number"], "indexRangeFilters": True},
        {"name": "score", "dataType": ["number"]},
        {"name": "text", "dataType": ["text"], "tokenization": "word"},
        {"name": "code", "dataType": ["text"], "tokenization": "field"},
        {"name": "flag", "dataType": ["boolean"]},
        {"name": "when", "dataType": ["date"]},
        {"name": "loc", "dataType": ["geoCoordinates"]},
    ],
})


def make_objects(n: int) -> list[StoredObject]:
    rng = random.Random(7)
    vocab = [f"w{rng.getrandbits(40):x}" for _ in range(1000)]
    out = []
    for i in range(n):
        props: dict[str, Any] = {
            "cat": i % 10, "price": rng.random() * 1000, "score": rng.random(),
            "text": " ".join(rng.choice(vocab) for _ in range(6)), "code": f"item-{i:07d}",
            "flag": i % 3 == 0, "when": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}T00:00:00Z",
            "loc": {"latitude": rng.uniform(-60, 60), "longitude": rng.uniform(-180, 180)},
        }
        if i % 17 == 0:
            del props["text"]
        out.append(StoredObject(uuid.UUID(int=i + 1), "Bench", props, creation_time_ms=i, update_time_ms=i))
    return out


def load(path: Path, objects: list[StoredObject], indexed: bool) -> tuple[Shard, InvertedIndex, float]:
    shard = Shard("s", COLLECTION, RocksEngine().open(path))
    index = InvertedIndex(COLLECTION, shard.store)
    if indexed:
        shard.add_indexer(index)
    started = time.perf_counter()
    for start in range(0, len(objects), 1000):
        shard.put_objects(objects[start : start + 1000])
    return shard, index, len(objects) / (time.perf_counter() - started)


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    started = time.perf_counter()
    result = fn()
    cold = time.perf_counter() - started
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - started)
    return cold * 1e3, statistics.median(runs) * 1e3, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--objects", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    objects = make_objects(args.objects)
    word = str(objects[1].properties["text"]).split()[0]
    with tempfile.TemporaryDirectory() as tmp:
        _, _, plain_rate = load(Path(tmp) / "plain", make_objects(args.objects), indexed=False)
        shard, index, rate = load(Path(tmp) / "indexed", objects, indexed=True)
        print(f"import: {rate:,.0f} objects/s with the inverted index, {plain_rate:,.0f} without")
        ev = lambda clause: FilterEvaluator(shard, index).allow_list(clause)  # noqa: E731
        sorter = ShardSorter(index, shard.objects_by_doc_ids)
        cases: list[tuple[str, Callable[[], Any]]] = [
            ("Equal int (10 values)", lambda: ev(Filter(Op.EQUAL, ("cat",), 3, V.INT))),
            ("NotEqual int", lambda: ev(Filter(Op.NOT_EQUAL, ("cat",), 3, V.INT))),
            ("10% range, unique floats, range index", lambda: ev(Filter(Op.AND, operands=(
                Filter(Op.GREATER_THAN_EQUAL, ("price",), 100.0, V.NUMBER),
                Filter(Op.LESS_THAN, ("price",), 200.0, V.NUMBER))))),
            ("10% range, unique floats, filterable", lambda: ev(Filter(Op.LESS_THAN, ("score",), 0.1, V.NUMBER))),
            ("50% range, unique floats", lambda: ev(Filter(Op.GREATER_THAN, ("score",), 0.5, V.NUMBER))),
            ("Equal text word", lambda: ev(Filter(Op.EQUAL, ("text",), word, V.TEXT))),
            ("Like text prefix w1*", lambda: ev(Filter(Op.LIKE, ("text",), "w1*", V.TEXT))),
            ("Like text *a*", lambda: ev(Filter(Op.LIKE, ("text",), "*a*", V.TEXT))),
            ("Like unique field item-00012*", lambda: ev(Filter(Op.LIKE, ("code",), "item-00012*", V.TEXT))),
            ("Like unique field *77*", lambda: ev(Filter(Op.LIKE, ("code",), "*77*", V.TEXT))),
            ("Date range", lambda: ev(Filter(Op.GREATER_THAN, ("when",), "2024-06-01T00:00:00Z", V.DATE))),
            ("IsNull", lambda: ev(Filter(Op.IS_NULL, ("text",), True, V.BOOLEAN))),
            ("And(Equal int, bool, range)", lambda: ev(Filter(Op.AND, operands=(
                Filter(Op.EQUAL, ("cat",), 3, V.INT), Filter(Op.EQUAL, ("flag",), True, V.BOOLEAN),
                Filter(Op.LESS_THAN, ("score",), 0.5, V.NUMBER))))),
            ("Geo within 1000 km", lambda: ev(Filter(Op.WITHIN_GEO_RANGE, ("loc",), GeoRange(0, 0, 1e6),
                                                      V.GEO_RANGE))),
            ("_creationTimeUnix range", lambda: ev(Filter(Op.LESS_THAN, ("_creationTimeUnix",), "5000", V.TEXT))),
            ("sort price desc, limit 10 (all)", lambda: sorter.top(shard.all_doc_ids(),
                                                                  [SortSpec(("price",), False)], 10, False)),
            ("sort score asc, limit 10, cat=3", lambda: sorter.top(ev(Filter(Op.EQUAL, ("cat",), 3, V.INT)),
                                                                  [SortSpec(("score",))], 10, False)),
            ("sort text, limit 10, cat=3 (reads 10k objs)", lambda: sorter.top(
                ev(Filter(Op.EQUAL, ("cat",), 3, V.INT)), [SortSpec(("text",))], 10, False)),
        ]
        print(f"{'case':48} {'cold ms':>9} {'warm ms':>9} {'matches':>9}")
        for label, fn in cases:
            cold, warm, result = timed(fn, args.repeat)
            print(f"{label:48} {cold:9.2f} {warm:9.2f} {len(result):9d}")
        shard.close()


if __name__ == "__main__":
    main()
