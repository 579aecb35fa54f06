#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into tests/fuzz/corpus/<target>/.

Text formats come from the captured SDK requests (tests/data/compat/<sdk>/requests.jsonl: the
`json` body, `sdk_decoded.mixpanel_data`, `sdk_decoded.sensors_data_list`, the compressed raw
bodies, base64 fields and request targets) and the import test files (tests/data/ingest).
Binary formats (batch_codec, wal, segment) are written by Growloop's own writers through
growloop_fuzz_seeds, when its path is given:

    python3 tests/fuzz/make_seeds.py [--seed-tool build/fuzz/growloop_fuzz_seeds]

The seeds are committed; run this again when a format or the test data changes. Each target's
directory is replaced; files are named after their content, so reruns are stable.
"""

import argparse
import base64
import gzip
import hashlib
import json
import pathlib
import shutil
import subprocess
import zlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
COMPAT = ROOT / "tests" / "data" / "compat"
INGEST = ROOT / "tests" / "data" / "ingest"
CORPUS = ROOT / "tests" / "fuzz" / "corpus"
MAX_FILES = 100  # per target

# The capture target each SDK's requests seed.
CAPTURE_TARGET = {
    "segment": "capture_segment",
    "rudderstack": "capture_segment",
    "posthog": "capture_posthog",
    "mixpanel": "capture_mixpanel",
    "amplitude": "capture_amplitude",
    "sensors": "capture_sensors",
}

# Selector bytes of body_decoder_fuzzer.cc: the index into its encoding list, the limit / 64.
ENCODING_BYTE = {"gzip": 0, "deflate": 1, "x-gzip": 2, "identity": 3, "": 4}


def compact(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def requests():
    for path in sorted(COMPAT.glob("*/requests.jsonl")):
        sdk = path.parent.name
        for line in path.read_text().splitlines():
            if line.strip():
                yield sdk, json.loads(line)


class Corpus:
    def __init__(self):
        self.seeds = {}  # target -> {content: name hint}

    def add(self, target, data, hint):
        seeds = self.seeds.setdefault(target, {})
        if data not in seeds and len(seeds) < MAX_FILES:
            seeds[data] = hint

    def write(self):
        for target, seeds in sorted(self.seeds.items()):
            out = CORPUS / target
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir(parents=True)
            for data, hint in seeds.items():
                (out / f"{hint}-{hashlib.sha1(data).hexdigest()[:10]}").write_bytes(data)
            print(f"{target}: {len(seeds)} seeds, {sum(map(len, seeds))} bytes")


def capture_seeds(corpus):
    messages = []  # every SDK message, one JSON object per line, for the JSON Lines import
    for sdk, r in requests():
        target = CAPTURE_TARGET[sdk]
        decoded = r.get("sdk_decoded") or {}
        body = r.get("json")
        if "mixpanel_data" in decoded:
            body = decoded["mixpanel_data"]
        elif "sensors_data_list" in decoded:
            body = decoded["sensors_data_list"]
        if body is None:
            continue
        corpus.add(target, compact(body), sdk)
        if isinstance(body, list):
            items = body
        else:
            items = body.get("batch") or body.get("events") or [body]
        messages += [m for m in items if isinstance(m, dict)]
    # Growloop's own format: the import test rows as {"events": [...]}, an array, one row.
    rows = [json.loads(l) for f in ("native.jsonl", "segment.jsonl", "flat.jsonl")
            for l in (INGEST / f).read_text().splitlines() if l.strip()]
    corpus.add("capture_native", compact({"events": rows}), "events")
    corpus.add("capture_native", compact(rows[:3]), "array")
    for i, row in enumerate(rows[:8]):
        corpus.add("capture_native", compact(row), f"row{i}")
    return messages


def import_seeds(corpus, messages):
    for name in ("native.jsonl", "segment.jsonl", "flat.jsonl"):
        data = (INGEST / name).read_bytes()
        corpus.add("import_jsonl", data, name.split(".")[0])
    # About 8 KB, more than the smallest import block (5120 bytes), so that libFuzzer's inputs
    # may span chunks: its default maximum input length is the size of the largest seed.
    lines = b""
    for m in messages:
        if len(lines) > 8000:
            break
        lines += compact(m) + b"\n"
    corpus.add("import_jsonl", lines, "sdk_messages")
    corpus.add("import_jsonl", gzip.compress(lines[:2000], mtime=0), "gzip")
    csv = (INGEST / "flat.csv").read_bytes()
    corpus.add("import_csv", csv, "flat")
    corpus.add("import_csv", csv.replace(b"\n", b"\r\n"), "crlf")
    corpus.add("import_csv", gzip.compress(csv, mtime=0), "gzip")
    header, _, body = csv.partition(b"\n")
    corpus.add("import_csv", header + b"\n" + body * 32, "repeated")
    corpus.add("csv_record", csv, "flat")
    for i, text in enumerate([b'a,"b ""q"" c",\r\n', b'"multi\nline",x\n"open', b'x\ry,"z"\r',
                              b',,\n\n"",""""\n']):
        corpus.add("csv_record", text, f"edge{i}")


def wire_seeds(corpus, messages):
    for sdk, r in requests():
        corpus.add("parse_target", r["url"].encode(), sdk)
        for value in list((r.get("query") or {}).values()) + list((r.get("form") or {}).values()):
            if isinstance(value, str) and len(value) >= 16:
                corpus.add("base64", value.encode(), sdk)
        raw = r.get("raw_body_b64")
        if raw:
            body = base64.b64decode(raw)
            encoding = (r.get("headers") or {}).get("content-encoding", "")
            corpus.add("body_decoder", bytes([ENCODING_BYTE.get(encoding, 0), 255]) + body, sdk)
    text = compact(messages[:6])
    deflate = zlib.compressobj(wbits=-15)
    raw_deflate = deflate.compress(text) + deflate.flush()
    for name, encoding, limit, body in [
        ("zlib", "deflate", 255, zlib.compress(text)),
        ("raw_deflate", "deflate", 255, raw_deflate),
        ("identity", "identity", 255, text),
        ("over_limit", "gzip", 4, gzip.compress(text, mtime=0)),
        # 1 MiB of zeros in about 1 KiB: the decoder must stop at the 1 KiB limit.
        ("bomb", "gzip", 16, gzip.compress(bytes(1 << 20), mtime=0)),
    ]:
        corpus.add("body_decoder", bytes([ENCODING_BYTE[encoding], limit]) + body, name)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed-tool", help="path of growloop_fuzz_seeds (binary formats)")
    args = parser.parse_args()
    corpus = Corpus()
    messages = capture_seeds(corpus)
    import_seeds(corpus, messages)
    wire_seeds(corpus, messages)
    corpus.write()
    if args.seed_tool:
        for target in ("batch_codec", "wal", "segment"):
            shutil.rmtree(CORPUS / target, ignore_errors=True)
        subprocess.run([args.seed_tool, str(CORPUS)], check=True)
        for target in ("batch_codec", "wal", "segment"):
            print(f"{target}: {len(list((CORPUS / target).iterdir()))} seeds")


if __name__ == "__main__":
    main()
