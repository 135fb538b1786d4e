"""tf.nest without TensorFlow: round trips over random structures (hypothesis), ordering, errors."""
import collections

import pytest
from hypothesis import given, settings, strategies as st

import eagerflow as tf

P = collections.namedtuple("P", "a b")

leaves = st.integers(-5, 5)
structures = st.recursive(
    leaves,
    lambda kids: st.one_of(st.lists(kids, max_size=3), st.tuples(kids, kids),
                           st.dictionaries(st.sampled_from("abcd"), kids, max_size=3),
                           st.builds(P, kids, kids)),
    max_leaves=12)


@settings(max_examples=60, deadline=None)
@given(structures)
def test_flatten_pack_round_trip(s):
    flat = tf.nest.flatten(s)
    assert tf.nest.pack_sequence_as(s, flat) == s
    tf.nest.assert_same_structure(s, tf.nest.map_structure(lambda x: x * 2, s))
    assert tf.nest.flatten(tf.nest.map_structure(lambda x: x + 1, s)) == [x + 1 for x in flat]


def test_dicts_flatten_by_sorted_key_and_keep_their_order():
    d = {"b": 1, "a": 2}
    assert tf.nest.flatten(d) == [2, 1]
    assert list(tf.nest.map_structure(lambda x: x, d)) == ["b", "a"]


def test_structure_errors_name_the_difference():
    with pytest.raises(ValueError, match="don't have the same number of elements"):
        tf.nest.assert_same_structure([1, 2], [3])
    with pytest.raises(TypeError, match="don't have the same sequence type"):
        tf.nest.assert_same_structure([1], (1,))
    with pytest.raises(ValueError, match="Entire second structure:\n\\[\\., \\[\\.\\]\\]"):
        tf.nest.assert_same_structure([1, 2], [3, [4]])
    with pytest.raises(ValueError, match="Structure had 3 atoms, but flat_sequence had 2"):
        tf.nest.pack_sequence_as([1, (2, 3)], [4, 5])


def test_ragged_expands_to_components():
    rt = tf.ragged.constant([[1], [2, 3]])
    assert len(tf.nest.flatten(rt, expand_composites=True)) == 2
    out = tf.nest.map_structure(lambda x: x * 2, rt, expand_composites=True)
    assert out.to_list() == [[2, 4], [6]]  # the row splits [0, 1, 3] are doubled too, as in TF
