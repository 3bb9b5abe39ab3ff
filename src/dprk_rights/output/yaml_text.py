"""YAML that reads back exactly as written, one value per line: plain ``show``'s output.

No PyYAML: the writer is small, and its output is checked against ``yaml.safe_load`` in tests.
"""

from __future__ import annotations

import re

#: Plain (unquoted) YAML scalars are kept to text that cannot be read as anything but itself: a letter,
#: then no ``": "``, ``" #"``, final ``:``, double quote, backslash or escaped character, no final space, none of
#: YAML 1.1's words for true, false and null.
_YAML_WORDS = frozenset({"y", "n", "yes", "no", "true", "false", "on", "off", "null"})
#: Characters written as escapes inside a double-quoted scalar: every character YAML does not allow
#: in a stream, every line break (``\x85`` and ``\u2028`` included) and whatever :func:`visible` escapes.
_YAML_ESCAPED = re.compile(
    r'[^\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\\"\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]'
)
_PLAIN_REFUSED = re.compile(_YAML_ESCAPED.pattern + r'|["\\]|: |:$| #')
_YAML_SHORT = {"\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n", "\r": "\\r"}


def yaml_scalar(value: object) -> str:
    """One YAML scalar that reads back as ``value`` (None, bool, int, float or str) and fits on one line."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _yaml_float(value)
    text = str(value)
    if (
        text[:1].isalpha()
        and not text.endswith(" ")
        and text.lower() not in _YAML_WORDS
        and not _PLAIN_REFUSED.search(text)
    ):
        return text
    return '"' + _YAML_ESCAPED.sub(_yaml_escape, text) + '"'


def _yaml_float(value: float) -> str:
    if value != value:
        return ".nan"
    if value in (float("inf"), float("-inf")):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value)
    return text.replace("e", ".0e") if "e" in text and "." not in text else text


def _yaml_escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char in _YAML_SHORT:
        return _YAML_SHORT[char]
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def yaml_document(data: object) -> str:
    """``data`` (dicts, lists and scalars, as JSON has them) as block-style YAML: one line per scalar."""
    if isinstance(data, dict | list) and data:
        return "".join(line + "\n" for line in _yaml_lines(data, ""))
    return yaml_scalar(data) if not isinstance(data, dict | list) else ("{}" if isinstance(data, dict) else "[]")


def _yaml_lines(data: object, indent: str) -> list[str]:
    lines: list[str] = []
    if isinstance(data, dict):
        for key, value in data.items():
            head = f"{indent}{yaml_scalar(key)}:"
            if isinstance(value, dict | list) and value:
                lines.append(head)
                lines += _yaml_lines(value, indent + "  ")
            else:
                lines.append(f"{head} {_yaml_inline(value)}")
    elif isinstance(data, list):
        for item in data:
            if isinstance(item, dict | list) and item:
                nested = _yaml_lines(item, indent + "  ")
                lines.append(f"{indent}- {nested[0][len(indent) + 2 :]}")
                lines += nested[1:]
            else:
                lines.append(f"{indent}- {_yaml_inline(item)}")
    return lines


def _yaml_inline(value: object) -> str:
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    return yaml_scalar(value)
