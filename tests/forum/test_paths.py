import random

import pytest

from forum import paths


def test_encode_pads_to_fixed_width_and_round_trips():
    for ordinal in (1, 9, 10, 35, 36, 1295, 1296, paths.MAX_ORDINAL):
        segment = paths.encode(ordinal)
        assert len(segment) == paths.SEGMENT
        assert paths.decode(segment) == ordinal


@pytest.mark.parametrize("ordinal", [0, -1, paths.MAX_ORDINAL + 1])
def test_encode_out_of_range_raises_value_error(ordinal):
    with pytest.raises(ValueError):
        paths.encode(ordinal)


def test_string_order_of_paths_is_display_order():
    rng = random.Random(7)
    ordinals = sorted(rng.sample(range(1, 5000), 60))
    tree = [paths.encode(n) for n in ordinals]
    tree += [paths.child(tree[0], n) for n in (1, 2, 10, 36, 37)]
    tree += [paths.child(paths.child(tree[0], 2), 1)]
    shuffled = tree[:]
    rng.shuffle(shuffled)
    ordered = sorted(shuffled)
    # Parents come before their replies, replies before the next sibling.
    assert (
        ordered.index(tree[0])
        < ordered.index(paths.child(tree[0], 1))
        < ordered.index(tree[1])
    )
    assert ordered.index(paths.child(paths.child(tree[0], 2), 1)) < ordered.index(
        paths.child(tree[0], 10)
    )


def test_subtree_end_bounds_every_descendant():
    root = paths.encode(12)
    descendants = [
        paths.child(root, 1),
        paths.child(paths.child(root, 3), paths.MAX_ORDINAL),
    ]
    end = paths.subtree_end(root)
    assert all(root < d < end for d in descendants)
    assert end == paths.encode(13)


def test_ancestors_depth_and_thread_number_read_the_path():
    path = paths.child(paths.child(paths.encode(5), 2), 7)
    assert paths.ancestors_of(path) == [
        paths.encode(5),
        paths.encode(5) + paths.encode(2),
    ]
    assert paths.depth_of(path) == 2
    assert paths.thread_number(path) == 5
    assert paths.parent_of(path) == paths.encode(5) + paths.encode(2)
