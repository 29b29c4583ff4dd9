"""``services.limits.nested_deeper``: JSON nesting counted without parsing."""

import json

import pytest

from atvidaberg.etjanster.services.limits import nested_deeper

LIMIT = 64


def nested(depth, opener="[", closer="]"):
    return (opener * depth + closer * depth).encode()


@pytest.mark.parametrize(
    ("body", "deeper"),
    [
        (b"{}", False),
        (nested(LIMIT), False),
        (nested(LIMIT + 1), True),
        (nested(LIMIT + 1, '{"a":', "}"), True),
        (b"[" * 10_000_000, True),  # unbalanced, as an attack need not close
        (b"]" * 100 + b"[" * 60, False),
        (b"[" + b"[1]," * 100_000 + b"[]]", False),  # wide, not deep
        (b"[" + b"[]," * 200_000 + nested(LIMIT), True),  # deep after a long start
    ],
)
def test_brackets_are_counted(body, deeper):
    assert nested_deeper(body, LIMIT) is deeper


@pytest.mark.parametrize(
    "text",
    [
        "[" * 1000,
        '\\"' + "[" * 1000,
        "\\" + "{" * 1000,
        '"[[[' * 100,
    ],
)
def test_brackets_inside_strings_do_not_count(text):
    body = json.dumps({"text": text, "list": [[1, 2], {"a": text}]}).encode()
    assert json.loads(body)["text"] == text
    assert nested_deeper(body, LIMIT) is False
    # The same string beside real nesting still lets the nesting count.
    deep = json.dumps({"text": text, "deep": json.loads(nested(LIMIT))}).encode()
    assert nested_deeper(deep, LIMIT) is True
