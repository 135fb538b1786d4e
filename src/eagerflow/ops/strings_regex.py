"""tf.strings.regex_full_match and regex_replace (StaticRegexFullMatch, StaticRegexReplace).

TF's patterns are RE2's; eagerflow runs them with Python's ``re`` on the UTF-8 text (so ``.`` is
one character, as in RE2) with ``re.ASCII`` (RE2's ``\\w \\d \\s \\b`` are ASCII classes). RE2's
``\\z`` is Python's ``\\Z``. What differs: RE2's Unicode classes (``\\pL``, ``\\p{Greek}``) and
possessive/atomic forms are not available (an invalid pattern), Python's lookarounds and
backreferences are accepted where RE2 rejects them, and ``(?i)`` folds ASCII letters only. Global
replacement follows RE2: no empty match directly after the previous match. The rewrite is RE2's:
``\\0``-``\\9`` name groups, ``\\\\`` is a backslash; a group the pattern lacks leaves the string
unchanged, as TF does."""
import re

import numpy as np

from .._export import export
from ..engine.primitive import primitive, STRING_TYPES
from ._args import _err
from .strings import elementwise, map_strings, text


# RE2's words for the errors Python's parser reports differently (the rest keep Python's words)
_RE2_ERRORS = (("missing ), unterminated subpattern", "missing ): %(p)s"),
               ("unbalanced parenthesis", "unexpected ): %(p)s"),
               ("unterminated character set", "missing ]: %(rest)s"),
               ("nothing to repeat", "no argument for repetition operator: %(op)s"))


def _compile(op, pattern):
    try:
        return re.compile(pattern.replace(r"\z", r"\Z"), re.ASCII)
    except re.error as e:
        msg = e.msg
        for words, re2 in _RE2_ERRORS:
            if msg.startswith(words):
                pos = e.pos or 0
                msg = re2 % {"p": pattern, "rest": pattern[pos:], "op": pattern[pos:pos + 1]}
                break
        raise _err(op, "Invalid pattern: %s, error: %s" % (pattern, msg)) from None


def _decode(s):
    return s.decode("utf-8", "surrogateescape")


def _encode(s):
    return s.encode("utf-8", "surrogateescape")


@primitive("StaticRegexFullMatch", dtypes=STRING_TYPES, differentiable=False)
def _full_match(a, pattern):
    rx = _compile("StaticRegexFullMatch", pattern)
    return elementwise(lambda s: rx.fullmatch(_decode(s)) is not None, a, np.bool_)


@export("strings.regex_full_match")
def regex_full_match(input, pattern, name=None):
    """True where the whole string matches the (RE2) pattern."""
    pattern = text(pattern)
    return map_strings(input, _full_match, lambda x: _full_match(x, pattern=pattern, name=name))


_REWRITE = re.compile(r"\\(.?)", re.S)


def _rewriter(rewrite, ngroups):
    """RE2's rewrite string -> a function of a match, or None when it names a missing group."""
    parts = []
    pos = 0
    for m in _REWRITE.finditer(rewrite):
        parts.append(rewrite[pos:m.start()])
        c = m.group(1)
        if c.isdigit():
            if int(c) > ngroups:
                return None
            parts.append(int(c))
        elif c == "\\":
            parts.append("\\")
        pos = m.end()  # any other escape is invalid in RE2 and yields nothing
    parts.append(rewrite[pos:])
    return lambda match: "".join(p if isinstance(p, str) else (match.group(p) or "")
                                 for p in parts)


def _replace(rx, fill, s, replace_global):
    out = []
    pos = 0
    last = -1
    for m in rx.finditer(s):
        if m.start() == m.end() == last:
            continue  # RE2: an empty match right after the previous match is no match
        out.append(s[pos:m.start()])
        out.append(fill(m))
        pos = last = m.end()
        if not replace_global:
            break
    out.append(s[pos:])
    return "".join(out)


@primitive("StaticRegexReplace", dtypes=STRING_TYPES, differentiable=False)
def _regex_replace(a, pattern, rewrite, replace_global):
    rx = _compile("StaticRegexReplace", pattern)
    fill = _rewriter(rewrite, rx.groups)
    if fill is None:
        return a.copy()
    return elementwise(lambda s: _encode(_replace(rx, fill, _decode(s), replace_global)), a)


@export("strings.regex_replace")
def regex_replace(input, pattern, rewrite, replace_global=True, name=None):
    """Replaces the matches of the (RE2) pattern with ``rewrite`` (all of them, or the first)."""
    pattern, rewrite = text(pattern), text(rewrite)
    return map_strings(input, _regex_replace, lambda x: _regex_replace(
        x, pattern=pattern, rewrite=rewrite, replace_global=bool(replace_global), name=name))
