"""Materialised paths for comment trees.

A comment's path is its ancestors' ordinals followed by its own, each a
fixed-width base-36 segment: the third reply to the twelfth top-level comment
is "000c0003". Sorting paths as plain strings gives display order (parents
before children, siblings in posting order), a subtree is one contiguous
range, and a new reply only appends a segment: nobody else is renumbered.

Only digits and lowercase letters are used, so the order is the same under
PostgreSQL's linguistic collations as under "C" or SQLite's binary order.
"""

import string

DIGITS = string.digits + string.ascii_lowercase
BASE = len(DIGITS)
SEGMENT = 4
MAX_ORDINAL = BASE**SEGMENT - 1  # 1,679,615 replies to one comment
MAX_DEPTH = 60  # paths stay well inside the column and any index row


def encode(ordinal: int) -> str:
    if not 1 <= ordinal <= MAX_ORDINAL:
        raise ValueError(f"ordinal {ordinal} out of range")
    out = []
    for _ in range(SEGMENT):
        ordinal, digit = divmod(ordinal, BASE)
        out.append(DIGITS[digit])
    return "".join(reversed(out))


def decode(segment: str) -> int:
    return int(segment, BASE)


def child(parent_path: str, ordinal: int) -> str:
    return parent_path + encode(ordinal)


def depth_of(path: str) -> int:
    return len(path) // SEGMENT - 1


def parent_of(path: str) -> str:
    return path[:-SEGMENT]


def ancestors_of(path: str) -> list[str]:
    """Paths of every ancestor, root first."""
    return [path[:end] for end in range(SEGMENT, len(path), SEGMENT)]


def thread_number(path: str) -> int:
    return decode(path[:SEGMENT])


def subtree_end(path: str) -> str:
    """The first path after `path`'s whole subtree (exclusive upper bound).

    Incrementing the last segment works in any collation that orders digits
    before letters, unlike appending a high sentinel character."""
    ordinal = decode(path[-SEGMENT:])
    if ordinal == MAX_ORDINAL:
        return subtree_end(parent_of(path)) if len(path) > SEGMENT else "zzzzz"
    return path[:-SEGMENT] + encode(ordinal + 1)
