#!/usr/bin/env python3
"""Writes the query tests' corpus: a made-up music catalogue, the same every time (seed 20261122).

Usage: tests/queries/make_catalogue.py > tests/queries/data/music-catalogue.jsonl

Titles and albums are drawn from a small vocabulary so that terms repeat with different
frequencies (BM25 has something to rank); a third of the ids carry a group (g=artist), so that
location-routed buckets are in the mix. Every value is a plain ASCII string or a number.
"""
import json
import random

rng = random.Random(20261122)

ARTISTS = ["the beatles", "coldplay", "radiohead", "abba", "queen", "david bowie", "nina simone",
           "miles davis", "bjork", "the kinks", "fleetwood mac", "talking heads", "portishead",
           "the cure", "kraftwerk", "aretha franklin", "joni mitchell", "massive attack",
           "the smiths", "blur"]
WORDS = ["love", "night", "blue", "river", "dream", "heart", "light", "city", "rain", "fire",
         "yellow", "song", "road", "home", "star", "summer", "girl", "time", "world", "moon",
         "dance", "golden", "paper", "silver", "train", "window", "garden", "ocean", "secret",
         "electric", "midnight", "morning", "shadow", "wild", "sweet", "lonely", "king", "queen",
         "paradise", "machine"]
GENRES = ["rock", "pop", "jazz", "soul", "electronic", "folk", "trip hop", "punk", "disco"]


def phrase(lo, hi):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(lo, hi)))


def main():
    seen = set()
    for i in range(400):
        artist = rng.choice(ARTISTS)
        title = phrase(1, 4)
        slug = f"{title.replace(' ', '-')}-{i}"
        if i % 3 == 0:
            doc_id = f"id:music:music:g={artist.replace(' ', '-')}:{slug}"
        else:
            doc_id = f"id:music:music::{slug}"
        assert doc_id not in seen
        seen.add(doc_id)
        fields = {
            "artist": artist,
            "album": phrase(2, 5).title(),
            "title": title,
            "year": rng.randint(1960, 2023),
            "duration": rng.randint(95, 540),
            "genres": sorted(rng.sample(GENRES, rng.randint(1, 3))),
            "popularity": round(rng.random(), 3),
        }
        print(json.dumps({"put": doc_id, "fields": fields}))


if __name__ == "__main__":
    main()
