#!/usr/bin/env python3
"""Turns the dictd files of GCIDE into a Vespa JSON feed (JSONL, one put per line).

Usage: gcide_to_feed.py gcide.index gcide.dict.dz > gcide.jsonl

The index lists every headword with the offset and length of its article (dictd's base-64
numbers); several headwords can share one article. Each article becomes one document of type
`gcide` with its headwords, its text and its length in bytes. The database-info entries
(00-database-*) are skipped.
"""
import gzip
import json
import sys

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
DIGIT = {c: i for i, c in enumerate(ALPHABET)}


def dictd_number(text):
    value = 0
    for c in text:
        value = value * 64 + DIGIT[c]
    return value


def read_articles(index_path):
    articles = {}
    with open(index_path, encoding="utf-8") as index:
        for line in index:
            headword, offset, length = line.rstrip("\n").split("\t")[:3]
            if headword.startswith("00-"):
                continue
            key = (dictd_number(offset), dictd_number(length))
            articles.setdefault(key, []).append(headword)
    return articles


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: gcide_to_feed.py gcide.index gcide.dict.dz")
    articles = read_articles(sys.argv[1])
    data = gzip.open(sys.argv[2]).read()
    out = sys.stdout
    for n, (offset, length) in enumerate(sorted(articles)):
        headwords = articles[(offset, length)]
        text = data[offset:offset + length].decode("utf-8", "replace").strip()
        doc = {
            "put": f"id:gcide:gcide::{n}",
            "fields": {
                "headword": headwords[0],
                "headwords": headwords,
                "text": text,
                "length": length,
            },
        }
        out.write(json.dumps(doc, ensure_ascii=False))
        out.write("\n")


if __name__ == "__main__":
    main()
