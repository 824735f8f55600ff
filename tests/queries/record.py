#!/usr/bin/env python3
"""Records the expected results of query test files from a running Grove container.

Usage: tests/queries/record.py --endpoint http://127.0.0.1:8080 FILE.test...

For every `query ... end` block it keeps the name, the `param`, `fields`, `status` and `message`
lines (and `total any`), and replaces the `total` and `hit` lines with what the endpoint answers
now. Review the
diff before committing it: the recorded results become the expectation the system test holds
every layout to (see tests/queries/README.md).
"""
import argparse
import json
import sys
import urllib.error
import urllib.parse
import urllib.request


def parse_blocks(text):
    """Yields (kind, payload): ("text", line) outside blocks, ("case", [lines]) for blocks."""
    block = None
    for line in text.splitlines():
        word = line.strip().split(" ", 1)[0]
        if block is None:
            if word == "query":
                block = [line]
            else:
                yield "text", line
        else:
            block.append(line)
            if word == "end":
                yield "case", block
                block = None
    if block is not None:
        sys.exit(f"unterminated block: {block[0]}")


def record_case(endpoint, lines):
    params, fields, kept, status, any_total = [], [], [], 200, False
    for line in lines[1:-1]:
        word, _, rest = line.strip().partition(" ")
        if word == "param":
            name, _, value = rest.partition("=")
            params.append((name, value))
        elif word == "fields":
            fields = rest.split()
        elif word == "status":
            status = int(rest)
        elif word == "total" and rest == "any":
            any_total = True
        if word in ("param", "fields", "status", "message"):
            kept.append(line)
    url = endpoint.rstrip("/") + "/search/?" + urllib.parse.urlencode(params, quote_via=urllib.parse.quote)
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            code, body = response.status, response.read()
    except urllib.error.HTTPError as error:
        code, body = error.code, error.read()
    if code != status:
        sys.exit(f"{lines[0].strip()}: HTTP {code} where {status} was expected: {body[:300]!r}")
    out = [lines[0]] + kept
    if code == 200:
        root = json.loads(body)["root"]
        if root.get("errors"):
            sys.exit(f"{lines[0].strip()}: the result has errors: {root['errors']}")
        out.append("total any" if any_total else f"total {root['fields']['totalCount']}")
        for hit in root.get("children", []):
            extra = "".join(f" {f}={json.dumps(hit['fields'].get(f), separators=(',', ':'))}" for f in fields)
            out.append(f"hit {hit['id']} {hit['relevance']:.6f}{extra}")
    return out + [lines[-1]]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoint", default="http://127.0.0.1:8080")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    for path in args.files:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        out = []
        for kind, payload in parse_blocks(text):
            out.extend([payload] if kind == "text" else record_case(args.endpoint, payload))
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(out) + "\n")
        print(f"recorded {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
