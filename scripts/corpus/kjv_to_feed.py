#!/usr/bin/env python3
"""Turns the output of `bible -l100000 Gen1:1-Rev22:21` into a Vespa JSON feed (JSONL).

Usage: kjv_to_feed.py kjv.txt > kjv.jsonl

The dump has a "Book N" line before each chapter and "  V text" lines for its verses. Each
verse becomes one document of type `verse` with the book's name and number (1..66), the
chapter and verse numbers, and the text.
"""
import json
import re
import sys

CHAPTER = re.compile(r"^(\S.*?) (\d+)$")
VERSE = re.compile(r"^\s+(\d+) (.*)$")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: kjv_to_feed.py kjv.txt")
    book, book_number, chapter = None, 0, 0
    out = sys.stdout
    with open(sys.argv[1], encoding="utf-8", errors="replace") as dump:
        for line in dump:
            line = line.rstrip("\n")
            m = CHAPTER.match(line)
            if m:
                if m.group(1) != book:
                    book, book_number = m.group(1), book_number + 1
                chapter = int(m.group(2))
                continue
            m = VERSE.match(line)
            if not m or book is None:
                continue
            verse = int(m.group(1))
            slug = re.sub(r"[^a-z0-9]+", "-", book.lower()).strip("-")
            doc = {
                "put": f"id:kjv:verse::{slug}-{chapter}-{verse}",
                "fields": {
                    "book": book,
                    "book_number": book_number,
                    "chapter": chapter,
                    "verse": verse,
                    "text": m.group(2).strip(),
                },
            }
            out.write(json.dumps(doc, ensure_ascii=False))
            out.write("\n")


if __name__ == "__main__":
    main()
