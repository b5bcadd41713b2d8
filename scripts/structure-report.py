#!/usr/bin/env python3
"""Prints the shape of the code: lines per target (and its share), the longest functions, the largest files.

Usage: scripts/structure-report.py [--functions N] [--root DIR]

Lines are physical lines of .swift, .c and .h files under Sources/<target>/ (comments and blank lines included,
as `wc -l` counts them). A function is a `func`, `init`, `deinit`, `subscript` or accessor-free computed property
declaration whose body is found by matching braces outside string literals and comments; its length runs from
the declaration's first line to its closing brace.
"""

import argparse
import os
import re
import sys

DECLARATION = re.compile(r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|internal|private|fileprivate|package|open|"
                         r"static|class|final|override|mutating|nonisolated|convenience|required|async|"
                         r"@discardableResult|@inlinable|@usableFromInline)\s+)*(func\s+[^\s(<]+|init[?!]?\s*[(<]|"
                         r"deinit\b|subscript\s*[(<])")


def strip_code(line, state):
    """Returns the line with string literals and comments blanked; `state` carries block comments and
    multi-line strings across lines."""
    out = []
    i = 0
    while i < len(line):
        if state["block"]:
            end = line.find("*/", i)
            if end < 0:
                return "".join(out)
            state["block"] = False
            i = end + 2
            continue
        if state["multiline"]:
            end = line.find('"""', i)
            if end < 0:
                return "".join(out)
            state["multiline"] = False
            i = end + 3
            continue
        if line.startswith("//", i):
            break
        if line.startswith("/*", i):
            state["block"] = True
            i += 2
            continue
        if line.startswith('"""', i):
            state["multiline"] = True
            i += 3
            continue
        if line[i] == '"':
            i += 1
            while i < len(line) and line[i] != '"':
                i += 2 if line[i] == "\\" else 1
            i += 1
            continue
        out.append(line[i])
        i += 1
    return "".join(out)


def functions_in(path):
    """Yields (name, first line, length) for each function-like declaration with a body in a Swift file."""
    with open(path, encoding="utf-8", errors="replace") as handle:
        lines = handle.readlines()
    state = {"block": False, "multiline": False}
    code = [strip_code(line, state) for line in lines]
    for number, text in enumerate(code):
        match = DECLARATION.match(text)
        if not match:
            continue
        depth = 0
        opened = False
        for end in range(number, len(code)):
            for character in code[end]:
                if character == "{":
                    depth += 1
                    opened = True
                elif character == "}":
                    depth -= 1
            if opened and depth <= 0:
                name = match.group(1).replace("func ", "").strip(" (<")
                yield name, number + 1, end - number + 1
                break
            if not opened and end > number + 30:
                break


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--functions", type=int, default=10, help="how many of the longest functions to list")
    parser.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    arguments = parser.parse_args()
    sources = os.path.join(arguments.root, "Sources")
    per_target = {}
    per_file = []
    found = []
    for target in sorted(os.listdir(sources)):
        folder = os.path.join(sources, target)
        if not os.path.isdir(folder):
            continue
        for directory, _, files in os.walk(folder):
            for name in files:
                if not name.endswith((".swift", ".c", ".h")):
                    continue
                path = os.path.join(directory, name)
                with open(path, encoding="utf-8", errors="replace") as handle:
                    count = sum(1 for _ in handle)
                per_target[target] = per_target.get(target, 0) + count
                relative = os.path.relpath(path, arguments.root)
                per_file.append((count, relative))
                if name.endswith(".swift"):
                    found.extend((length, name_, relative, line) for name_, line, length in functions_in(path))
    total = sum(per_target.values())
    print(f"lines per target ({total} in all)")
    for target, count in sorted(per_target.items(), key=lambda item: -item[1]):
        print(f"  {target:<28} {count:>6}  {100 * count / total:5.1f} %")
    print(f"longest functions (of {len(found)})")
    for length, name, path, line in sorted(found, reverse=True)[: arguments.functions]:
        print(f"  {length:>4} lines  {name}  {path}:{line}")
    over = [item for item in per_file if item[0] > 300]
    print(f"files over 300 lines: {len(over)}")
    for count, path in sorted(over, reverse=True):
        print(f"  {count:>4}  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
