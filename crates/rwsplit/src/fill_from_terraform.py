#!/usr/bin/env python3
"""Fills the Terraform placeholders of Regionwise's app config.

Usage: terraform output -json > outputs.json
       python3 fill_from_terraform.py outputs.json DIR

Replaces {{terraform:NAME}} with output NAME and {{terraform:NAME[KEY]}} with entry KEY of
map output NAME in every file under DIR. Writes nothing when any placeholder has no value,
and names each missing one. {{set:...}} placeholders are left for you and listed.
"""

import json
import os
import re
import sys
import tempfile

PLACEHOLDER = re.compile(r"\{\{terraform:([a-z0-9_]+)(?:\[([a-z0-9-]+)\])?\}\}")
TEAM_PLACEHOLDER = re.compile(r"\{\{set:([a-z0-9_]+)\}\}")


def value_of(outputs, name, key):
    if name not in outputs:
        raise KeyError(f"output {name} is missing")
    value = outputs[name].get("value") if isinstance(outputs[name], dict) else None
    if key is not None:
        if not isinstance(value, dict) or key not in value:
            raise KeyError(f"output {name} has no entry {key}")
        value = value[key]
    if not isinstance(value, str) or not value:
        raise KeyError(f"output {name}{'[' + key + ']' if key else ''} is not a non-empty string")
    return value


def fill(outputs, directory):
    """Returns ({path: new text}, [problems], [team placeholders])."""
    changed, problems, team = {}, [], set()
    for folder, _, names in os.walk(directory):
        for name in sorted(names):
            path = os.path.join(folder, name)
            try:
                with open(path, encoding="utf-8") as file:
                    text = file.read()
            except (UnicodeDecodeError, OSError):
                continue

            def replace(match):
                try:
                    return value_of(outputs, match.group(1), match.group(2))
                except KeyError as error:
                    problems.append(f"{path}: {error.args[0]}")
                    return match.group(0)

            filled = PLACEHOLDER.sub(replace, text)
            team.update(TEAM_PLACEHOLDER.findall(filled))
            if filled != text:
                changed[path] = filled
    return changed, problems, sorted(team)


def write_atomically(path, text):
    folder = os.path.dirname(path) or "."
    descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=".fill-")
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(text)
    os.chmod(temporary, os.stat(path).st_mode)
    os.replace(temporary, path)


def main(arguments):
    if len(arguments) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        with open(arguments[0], encoding="utf-8") as file:
            outputs = json.load(file)
    except (OSError, json.JSONDecodeError) as error:
        print(f"{arguments[0]}: not the JSON of `terraform output -json`: {error}", file=sys.stderr)
        return 1
    if not isinstance(outputs, dict):
        print(f"{arguments[0]}: expected an object of outputs", file=sys.stderr)
        return 1
    changed, problems, team = fill(outputs, arguments[1])
    if problems:
        print("nothing written; placeholders without a value:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    for path, text in changed.items():
        write_atomically(path, text)
    print(f"filled {len(changed)} files")
    for name in team:
        print(f"still yours to set: {{{{set:{name}}}}}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
