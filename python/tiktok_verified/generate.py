"""Deterministic, calibrated generator of a fictional ``tiktok_dataset.csv``.

The output has exactly the format of the canonical public file (header column literally named
``#``, LF line endings, UTF-8 without BOM, a final newline, ``csv.QUOTE_MINIMAL`` quoting, and
incomplete rows with an empty ``claim_status``, an empty transcription and ``#N/A`` in all five
counts). Every transcription is built from this module's own vocabulary of invented places,
creatures, people and inventions; no row or sentence of the real file is reproduced.

Calibrated to the published facts of the canonical file (19,382 rows):

* 298 / 19,382 (1.54 %) incomplete rows, placed at the end; 40 / 298 of them verified, their ban
  status 280 active / 14 under review / 4 banned.
* Complete rows 9,608 claim / 9,476 opinion, written as a claim block then an opinion block.
* ``author_ban_status`` given claim status (claim 6,566 active / 1,603 under review / 1,439
  banned; opinion 8,817 / 463 / 196) and ``verified_status`` given claim status and ban status
  (claim 159/6,566, 28/1,603, 22/1,439 verified; opinion 919/8,817, 49/463, 23/196), hence
  6.29 % verified overall, 2.2 % among claims and 10.5 % among opinions. In the real file, once
  claim status and ban status are known, verified and unverified authors do not differ in
  duration, transcription length or engagement (all |z| < 1.6), so those features are drawn
  independently of verification here; verified authors therefore have lower engagement only
  through their larger share of opinion videos, exactly as in the real file.
* ``video_duration_sec`` uniform on 5..60; ``video_id`` uniform-looking unique 10-digit integers.
* Counts follow the real file's multiplicative structure (each ratio is uniform):
  views ~ U[1,000, 1,000,000) for claims and U[20, 10,000) for opinions (median 501,555 vs
  4,953, i.e. ~100x); likes = views * U(0, 2/3) (claims) or U(0, 4/9) (opinions);
  shares = likes * U(0, 0.4); downloads = likes * U(0, 0.025); comments = downloads * U(0, 2/3)
  (claims) or U(0, 0.4) (opinions), each rounded half up. This reproduces the real count
  quantiles, maxima and Pearson matrix (views-likes 0.80, likes-shares 0.83, likes-downloads
  0.82, downloads-comments 0.83).
* Transcriptions are lowercase "someone heard/read that <fact>" sentences for claims and
  "i suspect that / my roommates' hunch is that <view or fact>" sentences for opinions (real:
  31..182 characters, median 87, claims 93 / opinions 80; here always within 31..182, median
  ~89, claims ~95 / opinions ~83), ~8 % with the curly apostrophe ``’`` (real 8.3 %), ~9 % with
  a comma (8.4 %), ~1.6 % with double quotes (1.6 %) and ~19 % with a plain ``'`` (22.8 %).

Determinism: rows are produced in fixed blocks of :data:`CHUNK_ROWS` rows; block ``k`` draws from
``numpy.random.Generator(PCG64(SeedSequence(seed).spawn(n_chunks + 1)[k + 1]))`` and the video
ids come from a keyed Feistel permutation of the global row index (keys from child 0), so the
ids are unique across blocks and the output never depends on memory or timing. Only
``Generator.random`` (uniform doubles) is used, and everything else is derived from those
uniforms with exact IEEE arithmetic (``+ - * /``, ``floor``), so the same ``(rows, seed)`` gives
byte-identical output on every machine.

Usage::

    python -m tiktok_verified.generate --rows 5000 --seed 42 --out data/tiktok_sample.csv
"""

from __future__ import annotations

import argparse
import functools
import io
import os
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

import numpy as np

from tiktok_verified.ingest import DATA_COLUMNS

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CHUNK_ROWS",
    "COLUMNS",
    "HEADER",
    "generate_rows",
    "iter_chunks",
    "main",
    "write_csv",
]

#: The canonical file's columns: its row label ``#``, then the data columns the reader expects.
COLUMNS: tuple[str, ...] = ("#", *DATA_COLUMNS)
HEADER: str = ",".join(COLUMNS)
COUNT_COLUMNS: tuple[str, ...] = COLUMNS[7:]

#: Rows per generation block. Part of the output contract: changing it changes the bytes.
CHUNK_ROWS: int = 100_000
MISSING: str = "#N/A"

# ---------------------------------------------------------------------------------------------
# Calibration constants (published facts of the canonical file)
# ---------------------------------------------------------------------------------------------
REAL_ROWS = 19_382
REAL_INCOMPLETE = 298
REAL_CLAIM = 9_608
REAL_OPINION = 9_476

KIND_CLAIM, KIND_OPINION, KIND_INCOMPLETE = 0, 1, 2
BAN_LABELS: tuple[str, ...] = ("active", "under review", "banned")
CLAIM_LABELS: tuple[str, ...] = ("claim", "opinion", "")
VERIFIED_LABELS: tuple[str, ...] = ("not verified", "verified")
_CLAIM_LABELS_OBJ = np.array(CLAIM_LABELS, dtype=object)
_BAN_LABELS_OBJ = np.array(BAN_LABELS, dtype=object)
_VERIFIED_LABELS_OBJ = np.array(VERIFIED_LABELS, dtype=object)

# author_ban_status counts per kind, in BAN_LABELS order.
_BAN_COUNTS = np.array(
    [
        [6_566, 1_603, 1_439],  # claim
        [8_817, 463, 196],  # opinion
        [280, 14, 4],  # incomplete
    ],
    dtype=np.float64,
)
# verified counts per kind x ban status (incomplete rows: 40/298 whatever the ban status).
_VERIFIED_COUNTS = np.array(
    [
        [159, 28, 22],
        [919, 49, 23],
        [40 * 280 / 298, 40 * 14 / 298, 40 * 4 / 298],
    ],
    dtype=np.float64,
)
_BAN_CUM = np.cumsum(_BAN_COUNTS / _BAN_COUNTS.sum(axis=1, keepdims=True), axis=1)
_P_VERIFIED = _VERIFIED_COUNTS / _BAN_COUNTS

# Count model, per kind (claim, opinion): views = lo + floor(u * span) and uniform ratios.
_VIEW_LO = np.array([1_000.0, 20.0])
_VIEW_SPAN = np.array([999_000.0, 9_980.0])
_LIKE_PER_VIEW = np.array([2.0 / 3.0, 4.0 / 9.0])
_SHARE_PER_LIKE = 0.4
_DOWNLOAD_PER_LIKE = 0.025
_COMMENT_PER_DOWNLOAD = np.array([2.0 / 3.0, 0.4])

# Rows of the per-chunk uniform matrix.
(
    _U_DURATION,
    _U_BAN,
    _U_VERIFIED,
    _U_VIEWS,
    _U_LIKES,
    _U_SHARES,
    _U_DOWNLOADS,
    _U_COMMENTS,
    _U_LEAD,
    _U_BODY,
    _N_UNIFORMS,
) = range(11)

TEXT_MIN_LEN = 31
TEXT_MAX_LEN = 182

# ---------------------------------------------------------------------------------------------
# Fictional vocabulary
# ---------------------------------------------------------------------------------------------
_PLACES = (
    "velmora",
    "port ashgrove",
    "brackenmoor",
    "saltreach",
    "lake tirrow",
    "the quenby isles",
    "mount oskeld",
    "the dunmere valley",
    "korvath",
    "new harrowgate",
    "old tessary",
    "fenwick",
    "cape lorrel",
    "the amberline coast",
    "kestrava",
    "wrenmoor",
    "glimmerford",
    "the ossland steppe",
    "tallowick",
    "the varn isles",
    "east quillon",
    "hollowmere",
    "marrowby",
    "sundale cove",
)
_CREATURES = (
    "the marsh owl",
    "the velvet otter",
    "the glass-winged heron",
    "the copper tree frog",
    "the cave beetle",
    "the lantern eel",
    "the woolly cliff goat",
    "the dusk moth",
    "the pebble tortoise",
    "the ember finch",
    "the silver shrew",
    "the hooded sand cat",
    "the whistling marmot",
    "the salt crab",
    "the moss snail",
    "the blue-footed stork",
)
_PEOPLE = (
    "inventor mara quell",
    "explorer tobin vash",
    "astronomer ilse varga",
    "chef orrin delacourt",
    "cartographer elda finch",
    "sculptor ravi thenn",
    "captain juno marsh",
    "botanist percy alder",
)
_INVENTIONS = (
    "the pocket barometer",
    "the folding rowboat",
    "the clockwork loom",
    "the tin lantern radio",
    "the solar kettle",
    "the steam bicycle",
    "the rope elevator",
    "the paper telescope",
    "the wind-up lawnmower",
    "the glass accordion",
)
_FOODS = (
    "honey bread",
    "smoked pear jam",
    "salt plums",
    "blue corn dumplings",
    "nettle cheese",
    "chestnut soup",
    "pickled kelp",
    "barley cakes",
    "fig mustard",
    "rosehip tea",
)
_FRUITS = ("pumpkin", "melon", "turnip", "cabbage", "squash", "pear")
_MATERIALS = (
    "river glass",
    "pressed seaweed",
    "volcanic cork",
    "pale blue clay",
    "melted bell bronze",
    "woven reed",
    "driftwood",
    "recycled bottle glass",
)
_THINGS = (
    "bicycles",
    "lighthouses",
    "bakeries",
    "public clocks",
    "stone bridges",
    "windmills",
    "street musicians",
    "umbrellas",
    "chess clubs",
    "rowing boats",
    "sundials",
    "weather vanes",
)
_BUILDINGS = ("house", "chapel", "school", "bakery", "inn", "lighthouse", "library")
_ACTIONS = (
    "whistle",
    "paint your door",
    "sell umbrellas",
    "fly a kite",
    "carry an onion",
    "hum in public",
    "wear odd socks",
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "sunday")
_VEHICLES = ("rowboat", "sled", "bicycle", "donkey cart", "hot air balloon", "zip line")
_COLORS = ("yellow", "sea green", "lilac", "bright orange", "pale pink", "sky blue")
_TITLES = (
    "the lantern song",
    "morning over saltreach",
    "the last ferry",
    "nine bells",
    "the copper road",
    "a tide for two",
)
_MEANINGS = ("bring an umbrella", "the kettle is on", "good tide", "mind the goat", "sit down")

# Fact templates with relative weights. Slots: place, place2, creature, person, invention,
# invention_bare, food, fruit, material, things, building, action, weekday, vehicle, color,
# title, meaning, n1 (2-9), n2 (3-95), big (thousands, half of them with a comma), year, pct.
_FACT_TEMPLATES: tuple[tuple[str, float], ...] = (
    ("{creature} can hold its breath for {n2} minutes", 3),
    ("{creature} sleeps {n2} hours a day", 3),
    ("there are more {things} than people in {place}", 3),
    ("{place} has more {things} per person than anywhere else", 2),
    ("the oldest {building} in {place} is made of {material}", 3),
    ("{place}’s tallest tower has no stairs", 1.5),
    ("the first {invention_bare} was built in {place} in {year}", 3),
    ("{person} invented {invention} by accident in {year}", 3),
    ("{person} never learned to swim, even though they sailed around {place}", 1.5),
    ("a {fruit} grown in {place} once weighed {n2} kilograms", 2),
    ('the anthem of {place} is called "{title}"', 0.35),
    ("in {place}, it is illegal to {action} on a {weekday}", 1.5),
    ("{place} has {big} islands but only {n2} are inhabited", 1.5),
    ("the {food} from {place} was invented by fishermen", 2),
    ("{creature} can recognize its own reflection", 2),
    ("{creature} never drinks water", 3),
    ("the river in {place} flows backward every spring", 2),
    ("it has snowed in {place} only {n1} times since {year}", 2),
    ("the bells of {place} ring {big} times a year", 1.5),
    ("{place} was once ruled by {n2} beekeepers", 2),
    ("people in {place} eat {n2} kilograms of {food} a year", 2),
    ("{person}’s first map of {place} was drawn on a menu", 1.5),
    ("one family has kept the lighthouse at {place} for {n2} generations", 2),
    ("{creature} can travel {big} kilometers in one migration", 2),
    ("{creature}’s heart beats {n2} times a minute in winter", 1.5),
    ("the streets of {place} are paved with {material}", 2),
    ("{place} turned off every streetlight in {year} to watch a meteor shower", 2),
    ("you can’t whistle after midnight in {place}", 1.5),
    ("a library in {place} lends out {things} instead of books", 2),
    ("the tide at {place} rises {n2} meters twice a day", 2),
    ("mail in {place} is still delivered by {vehicle}", 2),
    ("{invention} was banned in {place} for being too loud", 2),
    ("a museum in {place} owns {big} antique {things}", 1.5),
    ('hello in {place} also means "{meaning}"', 0.35),
    ("{place} has a {n2}-day festival for {creature}", 2),
    ("the clocks in {place} run {n1} minutes fast on purpose", 2),
    ("the caves under {place} stay at {n2} degrees all year", 2),
    ("{creature} can climb glass", 3),
    ("{person} walked from {place} to {place2} in {n2} days", 2),
    ("it once rained in {place} for {n2} days straight", 2),
    ("every child in {place} learns to row a boat before learning to ride a bike", 1.5),
    ("{place} and {place2} have argued over one bridge since {year}", 2),
    ("the oldest tree in {place} is older than the town, and nobody knows who planted it", 0.7),
    ("maps of {place} are reprinted every {n1} years because the coast keeps moving", 1.5),
    ("{pct}% of the houses in {place} are painted {color}", 2),
    ("in {year}, the harbor of {place} froze solid for {n2} weeks", 1.5),
    ("it's said that {creature} can sense a storm {n2} hours early", 1.5),
    ("the world's biggest pile of {things} is in a barn near {place}", 1.5),
    ("{food} was once used as money in {place}", 2),
    ("{place} doesn't have a single traffic light", 1.5),
    ("{creature} hums", 1.0),
    ("{place} has no cats", 0.8),
    ("{place} has no roads", 0.8),
    ("{creature} can’t swim", 1.2),
    ("{place} won’t allow cars on {weekday}", 1.0),
    ("{creature} doesn’t have a sense of smell", 1.0),
    ("the harbor master of {place} is chosen by a coin toss", 1.5),
    ("{place} isn’t on most maps", 1.0),
    ("the {food} recipe of {place} is {n2}0 years old", 1.5),
    ("{place}’s mayor is a retired lighthouse keeper", 1.0),
    ("the {food} at {place}’s market is made from seawater", 1.0),
    ("{place} has {n2} bakeries", 1.5),
    ("{creature} glows at night", 1.5),
    ("{place} sits below sea level", 1.5),
    ("{food} cures hiccups", 1.2),
    ("{creature} can live {n2} years", 1.5),
    ("{person} once rowed from {place} to {place2} with only a compass and a jar of {food}", 1.5),
    ("the oldest {building} in {place} was moved stone by stone to {place2} after a flood", 1.5),
    ("{creature} builds its nest out of {material} and returns to {place} every year", 1.5),
    ("the {food} sold at the night market in {place} is made from a recipe written in {year}", 1.5),
    (
        "every {weekday} the whole town of {place} stops for {n1} minutes to listen to the bells",
        1.5,
    ),
    ("the first {invention_bare} ever sold in {place} still works and hangs in the town hall", 1.5),
    (
        (
            "{place} gave {place2} a shipload of {food} in {year} and the towns have been "
            "friends since"
        ),
        1.5,
    ),
    (
        "on clear nights the lighthouse at {place} can be seen from {place2}, {n2} kilometers away",
        1,
    ),
    ("{creature} was once so common in {place} that it appeared on every coin minted there", 1.5),
    (
        (
            "{person} spent {n2} years building a model of {place} out of {material} and it now "
            "fills a whole warehouse near {place2}"
        ),
        0.8,
    ),
    (
        (
            "according to the town records of {place}, more than {big} {things} were counted in "
            "the census of {year}"
        ),
        0.6,
    ),
    (
        (
            "{creature} was thought to be extinct until a group of schoolchildren from {place} "
            "found one living under a bridge in {place2}"
        ),
        0.6,
    ),
    (
        (
            "the {food} served in {place} is so salty that sailors from {place2} once used it to "
            "preserve fish for the whole winter"
        ),
        0.6,
    ),
)

# Opinion-only bodies (views rather than facts).
_VIEW_TEMPLATES: tuple[tuple[str, float], ...] = (
    ("{place} is the most underrated town to visit", 2),
    ("the {food} from {place} is overrated", 2),
    ("{invention} was more useful than people think", 2),
    ("the festival in {place} should be held twice a year", 2),
    ("{creature} should be the official animal of {place}", 2),
    ("the museum in {place} is worth a whole day, not an afternoon", 0.8),
    ("nobody should visit {place} without trying the {food}", 2),
    ("{place}’s harbor is the prettiest spot on the coast", 1.5),
    ("the old bridge in {place} should never have been replaced", 2),
    ("{person} was a better inventor than a mapmaker", 2),
    ("the ferry is the best way to reach {place}", 2),
    ("the new tram line in {place} will be worth the wait", 2),
    ("{place} was better before the tourists came", 2),
    ("{food} tastes better cold", 1),
    ('"{title}" is played far too often in {place}', 0.35),
    ("it's time {place} built a proper concert hall", 1.5),
)

_CLAIM_SPEAKERS = (
    "i",
    "a neighbor",
    "my cousin",
    "a coworker",
    "my roommate",
    "a classmate",
    "my uncle",
    "a tour guide",
    "my barber",
    "my sister",
    "a stranger",
    "my dentist",
)
_CLAIM_SOURCES = (
    "heard on a podcast",
    "saw in a documentary",
    "read in a newsletter",
    "saw on a travel blog",
    "read in a book",
    "saw at a museum",
    "read in a comment",
    "heard on a radio show",
    "saw in a video",
    "read in a quiz book",
    "read on a forum",
    "heard at a party",
    "read in a guidebook",
    "saw on a billboard",
    "heard on a tour",
    "read in an almanac",
)
_CLAIM_CONNECTORS = ("that",) * 6 + ("the claim that", "a rumor that")
_CLAIM_EXTRA_LEADS = (
    "the evening bulletin announced that",
    "a viral post insisted that",
    "the weekend paper said that",
    "it was on the news that",
    "a quiz show host swore that",
    "people keep sharing the claim that",
    "a pamphlet at the station stated that",
    "my teacher once told the class that",
)

_OPINION_GROUPS = (
    "my roommates",
    "my teammates",
    "my neighbors",
    "my cousins",
    "my coworkers",
    "my parents",
    "my in-laws",
    "my classmates",
)
_OPINION_GROUP_VERBS = (
    "suspect that",
    "are sure that",
    "doubt that",
    "argue that",
    "are convinced that",
    "believe that",
    "say that",
    "feel that",
    "aren't sure that",
    "think that",
)
_OPINION_NOUNS = ("hunch", "guess", "take", "sense", "view")
_OPINION_SOLO_LEADS = (
    "i suspect that",
    "i'm fairly sure that",
    "i’d guess that",
    "i doubt that",
    "i would bet my lunch that",
    "honestly, i think that",
    "i believe that",
    "i have a hunch that",
    "i keep telling people that",
    "i’m not convinced that",
    "i am quite certain that",
    "if you ask me, i'd say that",
    "i feel that",
    "i think that",
    "i’m sure that",
    "we think that",
    "we suspect that",
    "we’re sure that",
)

_BANK_SEED = 20_240_601  # fixed: the vocabulary never depends on the user's seed
_BANK_SIZE = 6_000


@dataclass(frozen=True)
class _Vocabulary:
    """Lead-ins and bodies (raw text) plus per-item flags used for vectorised CSV quoting."""

    claim_leads: np.ndarray  # object array of str, each ending with a space
    opinion_leads: np.ndarray
    claim_bodies: np.ndarray
    opinion_bodies: np.ndarray
    claim_leads_special: np.ndarray  # bool: contains ',' or '"'
    opinion_leads_special: np.ndarray
    claim_bodies_special: np.ndarray
    opinion_bodies_special: np.ndarray


def _needs_quotes(s: str) -> bool:
    return "," in s or '"' in s


def _obj_array(items: list[str]) -> np.ndarray:
    arr = np.empty(len(items), dtype=object)
    arr[:] = items
    return arr


def _special(items: np.ndarray) -> np.ndarray:
    return np.fromiter((_needs_quotes(s) for s in items), dtype=bool, count=len(items))


def _pick(seq: tuple[str, ...], u: float) -> str:
    """Item of ``seq`` for a uniform ``u`` in [0, 1)."""
    return seq[int(u * len(seq))]


def _fill_bank(
    templates: tuple[tuple[str, float], ...], size: int, rng: np.random.Generator, max_len: int
) -> list[str]:
    """Fill ``templates`` (picked by weight) with vocabulary until ``size`` unique bodies exist."""
    weights = np.array([w for _, w in templates], dtype=np.float64)
    cum = np.cumsum(weights / weights.sum())
    seen: set[str] = set()
    out: list[str] = []
    attempts = 0
    while len(out) < size and attempts < size * 20:
        attempts += 1
        u = rng.random(12)
        t = min(int(np.searchsorted(cum, u[0], side="right")), len(templates) - 1)
        place = _pick(_PLACES, u[1])
        place2 = _pick(_PLACES, u[2])
        if place2 == place:
            place2 = _PLACES[(_PLACES.index(place) + 7) % len(_PLACES)]
        big_n = 1_000 + int(u[3] * 89_000)
        big = f"{big_n:,}" if u[4] < 0.5 else str(big_n)
        invention = _pick(_INVENTIONS, u[5])
        text = templates[t][0].format(
            place=place,
            place2=place2,
            creature=_pick(_CREATURES, u[6]),
            person=_pick(_PEOPLE, u[7]),
            invention=invention,
            invention_bare=invention.removeprefix("the "),
            food=_pick(_FOODS, u[8]),
            fruit=_pick(_FRUITS, u[9]),
            material=_pick(_MATERIALS, u[10]),
            things=_pick(_THINGS, u[11]),
            building=_pick(_BUILDINGS, u[3]),
            action=_pick(_ACTIONS, u[5]),
            weekday=_pick(_WEEKDAYS, u[9]),
            vehicle=_pick(_VEHICLES, u[8]),
            color=_pick(_COLORS, u[10]),
            title=_pick(_TITLES, u[11]),
            meaning=_pick(_MEANINGS, u[7]),
            n1=2 + int(u[4] * 8),
            n2=3 + int(u[9] * 93),
            big=big,
            year=1620 + int(u[11] * 370),
            pct=10 + int(u[2] * 81),
        )
        if len(text) <= max_len and text not in seen:
            seen.add(text)
            out.append(text)
    return out


@functools.cache
def _vocabulary() -> _Vocabulary:
    """Build the fictional lead-ins and bodies once (deterministic, independent of the seed)."""
    claim_leads = [
        f"{speaker} {source} {connector} "
        for speaker in _CLAIM_SPEAKERS
        for source in _CLAIM_SOURCES
        for connector in _CLAIM_CONNECTORS
    ]
    claim_leads += [f"{lead} " for lead in _CLAIM_EXTRA_LEADS]
    opinion_leads = [f"{g} {v} " for g in _OPINION_GROUPS for v in _OPINION_GROUP_VERBS]
    opinion_leads += [f"{g}' {n} is that " for g in _OPINION_GROUPS for n in _OPINION_NOUNS]
    opinion_leads += [f"my {n} is that " for n in _OPINION_NOUNS]
    opinion_leads += [f"our {n} is that " for n in _OPINION_NOUNS]
    opinion_leads += [f"{lead} " for lead in _OPINION_SOLO_LEADS]

    rng = np.random.Generator(np.random.PCG64(_BANK_SEED))
    max_claim_lead = max(map(len, claim_leads))
    max_opinion_lead = max(map(len, opinion_leads))
    facts = _fill_bank(_FACT_TEMPLATES, _BANK_SIZE, rng, TEXT_MAX_LEN - max_claim_lead)
    views = _fill_bank(_VIEW_TEMPLATES, _BANK_SIZE // 4, rng, TEXT_MAX_LEN - max_opinion_lead)
    min_opinion_body = TEXT_MIN_LEN - min(map(len, opinion_leads))
    min_claim_body = TEXT_MIN_LEN - min(map(len, claim_leads))
    claim_bodies = [f for f in facts if len(f) >= min_claim_body]
    opinion_bodies = [
        f for f in facts if min_opinion_body <= len(f) <= TEXT_MAX_LEN - max_opinion_lead
    ]
    opinion_bodies += [v for v in views if len(v) >= min_opinion_body]

    arrays = [_obj_array(x) for x in (claim_leads, opinion_leads, claim_bodies, opinion_bodies)]
    return _Vocabulary(*arrays, *(_special(a) for a in arrays))


# ---------------------------------------------------------------------------------------------
# Video ids: keyed Feistel permutation of the global row index onto [1e9, 1e10)
# ---------------------------------------------------------------------------------------------
_ID_BASE = 1_000_000_000
_ID_DOMAIN = 9_000_000_000
_FEISTEL_HALF_BITS = 17  # 2 x 17 = 34 bits >= _ID_DOMAIN, cycle-walk the rest
_FEISTEL_MASK = np.uint64((1 << _FEISTEL_HALF_BITS) - 1)
_FEISTEL_ROUNDS = 6


def _mix64(x: np.ndarray) -> np.ndarray:
    """SplitMix64 finaliser on uint64 arrays (wrapping arithmetic)."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def _feistel(x: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """One pass of a balanced Feistel network: a bijection on 34-bit integers."""
    left = x >> np.uint64(_FEISTEL_HALF_BITS)
    right = x & _FEISTEL_MASK
    for key in keys:
        left, right = right, left ^ (_mix64(right ^ key) & _FEISTEL_MASK)
    return (left << np.uint64(_FEISTEL_HALF_BITS)) | right


def _video_ids(index: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Map global row indices (< 9e9) to unique 10-digit ids by cycle-walking the permutation."""
    with np.errstate(over="ignore"):
        x = _feistel(index.astype(np.uint64), keys)
        out_of_range = x >= np.uint64(_ID_DOMAIN)
        while out_of_range.any():
            x[out_of_range] = _feistel(x[out_of_range], keys)
            out_of_range = x >= np.uint64(_ID_DOMAIN)
    return x.astype(np.int64) + _ID_BASE


# ---------------------------------------------------------------------------------------------
# Chunk generation
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Plan:
    """Global row layout: a claim block, an opinion block, then the incomplete rows."""

    n_rows: int
    n_claim: int
    n_opinion: int
    n_incomplete: int
    chunk_seeds: tuple[np.random.SeedSequence, ...]
    id_keys: np.ndarray

    @property
    def n_chunks(self) -> int:
        return len(self.chunk_seeds)


def _plan(n_rows: int, seed: int) -> _Plan:
    if n_rows < 0:
        raise ValueError(f"n_rows must be >= 0, got {n_rows}")
    if n_rows > _ID_DOMAIN:
        raise ValueError(f"n_rows must be <= {_ID_DOMAIN} (10-digit video ids)")
    if seed < 0:
        raise ValueError(f"seed must be >= 0, got {seed}")
    # Integer arithmetic: round half up of n * 298 / 19382 etc.
    n_incomplete = (2 * n_rows * REAL_INCOMPLETE + REAL_ROWS) // (2 * REAL_ROWS)
    n_complete = n_rows - n_incomplete
    real_complete = REAL_CLAIM + REAL_OPINION
    n_claim = (2 * n_complete * REAL_CLAIM + real_complete) // (2 * real_complete)
    n_chunks = -(-n_rows // CHUNK_ROWS)
    children = np.random.SeedSequence(seed).spawn(n_chunks + 1)
    id_keys = children[0].generate_state(_FEISTEL_ROUNDS, dtype=np.uint64)
    return _Plan(
        n_rows=n_rows,
        n_claim=n_claim,
        n_opinion=n_complete - n_claim,
        n_incomplete=n_incomplete,
        chunk_seeds=tuple(children[1:]),
        id_keys=id_keys,
    )


@dataclass(frozen=True)
class _Chunk:
    """One block of generated rows as numpy arrays (counts are undefined where incomplete)."""

    row_number: np.ndarray  # int64, 1-based "#"
    kind: np.ndarray  # int8: KIND_CLAIM / KIND_OPINION / KIND_INCOMPLETE
    video_id: np.ndarray
    duration: np.ndarray
    text: np.ndarray  # object array of raw str ("" where incomplete)
    text_quoted: np.ndarray  # bool: the CSV field needs quoting
    verified: np.ndarray  # bool
    ban: np.ndarray  # int8 index into BAN_LABELS
    counts: np.ndarray  # int64, shape (5, m): views, likes, shares, downloads, comments


def _generate_chunk(plan: _Plan, k: int) -> _Chunk:
    """Generate block ``k`` of ``plan`` from its own seed (pure function of plan and k)."""
    start = k * CHUNK_ROWS
    stop = min(plan.n_rows, start + CHUNK_ROWS)
    m = stop - start
    index = np.arange(start, stop, dtype=np.int64)
    kind = np.full(m, KIND_INCOMPLETE, dtype=np.int8)
    kind[index < plan.n_claim + plan.n_opinion] = KIND_OPINION
    kind[index < plan.n_claim] = KIND_CLAIM

    rng = np.random.Generator(np.random.PCG64(plan.chunk_seeds[k]))
    u = rng.random((_N_UNIFORMS, m))

    duration = 5 + np.floor(u[_U_DURATION] * 56).astype(np.int64)

    cum = _BAN_CUM[kind]
    ban = (u[_U_BAN][:, None] >= cum[:, :2]).sum(axis=1).astype(np.int8)
    verified = u[_U_VERIFIED] < _P_VERIFIED[kind, ban]

    k2 = np.minimum(kind, KIND_OPINION)  # incomplete rows: values computed, then blanked
    views = _VIEW_LO[k2] + np.floor(u[_U_VIEWS] * _VIEW_SPAN[k2])
    likes = np.floor(views * (u[_U_LIKES] * _LIKE_PER_VIEW[k2]) + 0.5)
    shares = np.floor(likes * (u[_U_SHARES] * _SHARE_PER_LIKE) + 0.5)
    downloads = np.floor(likes * (u[_U_DOWNLOADS] * _DOWNLOAD_PER_LIKE) + 0.5)
    comments = np.floor(downloads * (u[_U_COMMENTS] * _COMMENT_PER_DOWNLOAD[k2]) + 0.5)
    counts = np.stack([views, likes, shares, downloads, comments]).astype(np.int64)

    text, quoted = _texts(kind, u[_U_LEAD], u[_U_BODY])
    return _Chunk(
        row_number=index + 1,
        kind=kind,
        video_id=_video_ids(index, plan.id_keys),
        duration=duration,
        text=text,
        text_quoted=quoted,
        verified=verified,
        ban=ban,
        counts=counts,
    )


def _texts(
    kind: np.ndarray, u_lead: np.ndarray, u_body: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised pick of lead-in + body per row; returns raw texts and a needs-quoting mask."""
    voc = _vocabulary()
    m = len(kind)
    text = np.empty(m, dtype=object)
    text[:] = ""
    quoted = np.zeros(m, dtype=bool)
    for kd, leads, bodies, leads_sp, bodies_sp in (
        (
            KIND_CLAIM,
            voc.claim_leads,
            voc.claim_bodies,
            voc.claim_leads_special,
            voc.claim_bodies_special,
        ),
        (
            KIND_OPINION,
            voc.opinion_leads,
            voc.opinion_bodies,
            voc.opinion_leads_special,
            voc.opinion_bodies_special,
        ),
    ):
        sel = np.flatnonzero(kind == kd)
        if sel.size == 0:
            continue
        li = np.floor(u_lead[sel] * len(leads)).astype(np.int64)
        bi = np.floor(u_body[sel] * len(bodies)).astype(np.int64)
        text[sel] = leads[li] + bodies[bi]
        quoted[sel] = leads_sp[li] | bodies_sp[bi]
    return text, quoted


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------
def _chunk_frame(chunk: _Chunk) -> pd.DataFrame:
    import pandas as pd

    complete = chunk.kind != KIND_INCOMPLETE
    data: dict[str, object] = {
        "#": chunk.row_number,
        "claim_status": pd.array(
            np.where(complete, _CLAIM_LABELS_OBJ[chunk.kind], None),
            dtype="string",
        ),
        "video_id": chunk.video_id,
        "video_duration_sec": chunk.duration,
        "video_transcription_text": pd.array(
            np.where(complete, chunk.text, None).astype(object), dtype="string"
        ),
        "verified_status": pd.array(
            _VERIFIED_LABELS_OBJ[chunk.verified.astype(np.int8)], dtype="string"
        ),
        "author_ban_status": pd.array(_BAN_LABELS_OBJ[chunk.ban], dtype="string"),
    }
    for name, values in zip(COUNT_COLUMNS, chunk.counts, strict=True):
        data[name] = pd.arrays.IntegerArray(values.copy(), mask=~complete)
    return pd.DataFrame(data, columns=list(COLUMNS))


def iter_chunks(n_rows: int, seed: int) -> Iterator[pd.DataFrame]:
    """Yield the rows of ``generate_rows(n_rows, seed)`` as DataFrames of up to CHUNK_ROWS rows.

    Missing values (incomplete rows) are ``<NA>``: ``claim_status`` and
    ``video_transcription_text`` are pandas ``string`` columns, the five counts ``Int64``.
    """
    plan = _plan(n_rows, seed)
    for k in range(plan.n_chunks):
        yield _chunk_frame(_generate_chunk(plan, k))


def generate_rows(n_rows: int, seed: int) -> pd.DataFrame:
    """Return ``n_rows`` fictional videos (the rows ``write_csv(..., n_rows, seed)`` writes).

    Columns are :data:`COLUMNS`; missing values are ``<NA>`` (see :func:`iter_chunks`).
    """
    import pandas as pd

    frames = list(iter_chunks(n_rows, seed))
    if not frames:
        empty_int = np.zeros(0, dtype=np.int64)
        return _chunk_frame(
            _Chunk(
                row_number=empty_int,
                kind=np.zeros(0, dtype=np.int8),
                video_id=empty_int,
                duration=empty_int,
                text=np.zeros(0, dtype=object),
                text_quoted=np.zeros(0, dtype=bool),
                verified=np.zeros(0, dtype=bool),
                ban=np.zeros(0, dtype=np.int8),
                counts=np.zeros((5, 0), dtype=np.int64),
            )
        )
    if len(frames) == 1:
        return frames[0]
    return pd.concat(frames, ignore_index=True)


def _int_strs(values: np.ndarray) -> list[str]:
    return list(map(str, values.tolist()))


_WRITE_BATCH = 25_000  # rows serialised at a time (bounds memory; does not affect the bytes)


def _chunk_csv(chunk: _Chunk) -> Iterator[str]:
    """Serialise a chunk exactly as csv.writer(QUOTE_MINIMAL, lineterminator="\\n") would.

    Only the transcription can contain a comma or a double quote; it is quoted (inner double
    quotes doubled) exactly when it does. Yields the text in batches of ``_WRITE_BATCH`` rows.
    """
    m = len(chunk.kind)
    for lo in range(0, m, _WRITE_BATCH):
        hi = min(m, lo + _WRITE_BATCH)
        kind = chunk.kind[lo:hi]
        text = chunk.text[lo:hi].tolist()
        for i in np.flatnonzero(chunk.text_quoted[lo:hi]).tolist():
            text[i] = '"' + text[i].replace('"', '""') + '"'
        # Incomplete rows are the tail of the file, so they are the tail of any batch.
        n_complete = int(np.count_nonzero(kind != KIND_INCOMPLETE))
        missing = [MISSING] * (hi - lo - n_complete)
        columns: list[list[str]] = [
            _int_strs(chunk.row_number[lo:hi]),
            _CLAIM_LABELS_OBJ[kind].tolist(),
            _int_strs(chunk.video_id[lo:hi]),
            _int_strs(chunk.duration[lo:hi]),
            text,
            _VERIFIED_LABELS_OBJ[chunk.verified[lo:hi].astype(np.int8)].tolist(),
            _BAN_LABELS_OBJ[chunk.ban[lo:hi]].tolist(),
        ]
        for values in chunk.counts:
            columns.append(_int_strs(values[lo : lo + n_complete]) + missing)
        yield "\n".join(map(",".join, zip(*columns, strict=True))) + "\n"


def write_csv(
    path_or_file: str | os.PathLike[str] | IO[str] | IO[bytes],
    n_rows: int,
    seed: int,
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """Write ``n_rows`` fictional videos for ``seed`` as CSV, streaming one chunk at a time.

    ``path_or_file`` is a path (the file is written as UTF-8 with LF line endings), a binary
    file object (UTF-8 bytes are written) or a text file object (``str`` is written; open it
    with ``newline=""`` to keep LF endings). ``progress(done_rows, n_rows)`` is called after
    every chunk.
    """
    if isinstance(path_or_file, (str, os.PathLike)):
        with open(path_or_file, "wb") as fh:
            write_csv(fh, n_rows, seed, progress)
        return
    plan = _plan(n_rows, seed)
    binary = not isinstance(path_or_file, io.TextIOBase)

    def emit(s: str) -> None:
        path_or_file.write(s.encode("utf-8") if binary else s)  # type: ignore[arg-type]

    emit(HEADER + "\n")
    done = 0
    for k in range(plan.n_chunks):
        chunk = _generate_chunk(plan, k)
        for part in _chunk_csv(chunk):
            emit(part)
        done += len(chunk.kind)
        if progress is not None:
            progress(done, n_rows)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: ``python -m tiktok_verified.generate --rows N --seed S``."""
    parser = argparse.ArgumentParser(
        prog="python -m tiktok_verified.generate",
        description="Write a deterministic, calibrated, fictional tiktok_dataset.csv.",
    )
    parser.add_argument("--rows", type=int, default=5_000, help="number of data rows (5000)")
    parser.add_argument("--seed", type=int, default=42, help="random seed (42)")
    parser.add_argument("--out", default="-", help="output path, or - for stdout (default)")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    args = parser.parse_args(argv)
    if args.rows < 0 or args.seed < 0:
        parser.error("--rows and --seed must be non-negative")

    started = time.perf_counter()
    show = not args.quiet and args.rows > CHUNK_ROWS

    def report(done: int, total: int) -> None:
        elapsed = time.perf_counter() - started
        print(f"generate: {done:,}/{total:,} rows ({elapsed:.1f} s)", file=sys.stderr, flush=True)

    progress = report if show else None
    if args.out != "-":
        write_csv(Path(args.out), args.rows, args.seed, progress)
        return 0
    try:
        write_csv(sys.stdout.buffer, args.rows, args.seed, progress)
        sys.stdout.buffer.flush()
    except BrokenPipeError:  # e.g. `... | head`: stop quietly, like other Unix filters
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
