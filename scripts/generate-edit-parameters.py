#!/usr/bin/env python3
"""Generates Sources/PhotoroomEditCatalog/EditParameterTable.generated.swift from Photoroom's OpenAPI document.

Usage: python3 scripts/generate-edit-parameters.py [path/to/photoroom-openapi.json]
(default: ../shared/reference/photoroom-openapi.json beside the repository). Run it again when the document changes
and commit the result; the build never runs it.

The GET operation of /v2/edit carries the value constraints (enums, bounds, patterns); the POST operation's multipart
schema names the file parameters (imageFile, background.imageFile, ...). Both are merged into one table.
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT_SPEC = os.path.join(ROOT, "..", "shared", "reference", "photoroom-openapi.json")
OUTPUT = os.path.join(ROOT, "Sources", "PhotoroomEditCatalog", "EditParameterTable.generated.swift")

# Features Photoroom documents as generative (AI); every `ai.*` mode value is AI too.
AI_PREFIXES = (
    "background.prompt", "background.negativePrompt", "background.expandPrompt", "background.seed",
    "background.guidance.", "shadow.", "lighting.", "textRemoval.", "expand.", "uncrop.", "upscale.",
    "beautify.", "editWithAI.", "describeAnyChange.", "imageFromPrompt.", "flatLay.", "ghostMannequin.",
    "virtualModel.", "ironing.", "segmentation.prompt", "segmentation.negativePrompt",
)

# Bounds the document states only in prose ("a number between 0 and 0.49").
PROSE_BOUNDS = {
    name: (0.0, 0.49)
    for name in ["padding", "paddingTop", "paddingBottom", "paddingLeft", "paddingRight",
                 "margin", "marginTop", "marginBottom", "marginLeft", "marginRight"]
}


def swift_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def swift_double(value):
    return "nil" if value is None else repr(float(value))


def kind_of(name, schema, in_post_as_file):
    if in_post_as_file:
        return ".file"
    if "anyOf" in schema:
        options = schema["anyOf"]
        consts = [o["const"] for o in options if "const" in o]
        enums = [v for o in options for v in o.get("enum", [])]
        has_number = any(o.get("type") == "number" for o in options)
        has_object = any(o.get("type") == "object" for o in options)
        if has_number and enums:
            return ".numberOrEnumeration(%s)" % ("[" + ", ".join(swift_string(e) for e in enums) + "]")
        if has_object and consts and name == "background.expandPrompt":
            return ".enumeration(%s)" % ("[" + ", ".join(swift_string(c) for c in consts) + "]")
        return ".json"
    if "const" in schema:
        return ".enumeration([%s])" % swift_string(schema["const"])
    if "enum" in schema:
        return ".enumeration([%s])" % ", ".join(swift_string(e) for e in schema["enum"])
    kind = schema.get("type")
    if kind == ["number", "string"]:
        low, high = PROSE_BOUNDS.get(name, (None, None))
        return ".numberOrString(minimum: %s, maximum: %s)" % (swift_double(low), swift_double(high))
    if kind == "boolean":
        return ".boolean"
    if kind == "number":
        minimum = schema.get("minimum", schema.get("exclusiveMinimum"))
        maximum = schema.get("maximum", schema.get("exclusiveMaximum"))
        return ".number(minimum: %s, maximum: %s, exclusiveMinimum: %s, exclusiveMaximum: %s)" % (
            swift_double(minimum), swift_double(maximum),
            "true" if "exclusiveMinimum" in schema else "false",
            "true" if "exclusiveMaximum" in schema else "false",
        )
    if kind in ("object", "array"):
        return ".json"
    if kind == "string":
        if schema.get("format") == "uuid":
            return ".uuid"
        if schema.get("format") == "binary":
            return ".file"
        if "pattern" in schema:
            return ".pattern(%s)" % swift_string(schema["pattern"])
        if name.endswith("imageUrl") or name == "imageUrl":
            return ".url"
        return ".string(minimumLength: %d)" % schema.get("minLength", 0)
    return ".json"


def default_of(schema):
    if "default" not in schema:
        return "nil"
    value = schema["default"]
    if isinstance(value, bool):
        return swift_string("true" if value else "false")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return swift_string(str(value))


def is_ai(name, schema):
    if name.startswith(AI_PREFIXES):
        return True
    values = schema.get("enum", []) + ([schema["const"]] if "const" in schema else [])
    return any(str(v).startswith("ai.") for v in values)


def object_members(prefix, schema, out, alternative=None):
    """Collects the leaf members of an object-valued parameter in dot notation (`{key}` for free map keys).

    Each member is (name, kind, alternative): the alternative names the anyOf branch it belongs to (`preset` or
    `custom`), so the catalogue can refuse a value that mixes two branches.
    """
    if "anyOf" in schema:
        for option in schema["anyOf"]:
            props = option.get("properties", {})
            branch = alternative if alternative is not None else (sorted(props)[0] if len(props) == 1 else None)
            object_members(prefix, option, out, branch)
        return
    if schema.get("type") == "object" or "properties" in schema or isinstance(schema.get("additionalProperties"), dict):
        for name, member in sorted(schema.get("properties", {}).items()):
            branch = alternative
            object_members(prefix + "." + name, member, out, branch)
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            object_members(prefix + ".{key}", extra, out, alternative)
        return
    if schema.get("type") == "array":
        return
    out.append((prefix, kind_of(prefix, schema, schema.get("format") == "binary"), alternative))


def main():
    spec_path = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_SPEC
    with open(spec_path) as handle:
        document = json.load(handle)
    edit = document["paths"]["/v2/edit"]
    get_params = {p["name"]: p["schema"] for p in edit["get"]["parameters"]}
    post_props = edit["post"]["requestBody"]["content"]["multipart/form-data"]["schema"]["properties"]

    entries = {}
    for name, schema in get_params.items():
        entries[name] = dict(schema=schema, get=True, post=name in post_props, file=False)
    for name, schema in post_props.items():
        is_file = schema.get("format") == "binary"
        if name in entries:
            entries[name]["post"] = True
            entries[name]["file"] = entries[name]["file"] or is_file
        else:
            # POST-only names (imageFile, background.imageFile, ...) take the GET twin's constraints when one exists.
            entries[name] = dict(schema=schema, get=False, post=True, file=is_file)

    lines = []
    for name in sorted(entries):
        entry = entries[name]
        schema = entry["schema"]
        lines.append(
            "        EditParameterSpec(name: %s, kind: %s, defaultValue: %s, inGET: %s, inPOST: %s, isAI: %s),"
            % (
                swift_string(name), kind_of(name, schema, entry["file"]), default_of(schema),
                "true" if entry["get"] else "false", "true" if entry["post"] else "false",
                "true" if is_ai(name, schema) else "false",
            )
        )

    members = []
    lists = []
    for name in sorted(entries):
        schema = get_params.get(name)
        if schema is None or kind_of(name, schema, False) != ".json":
            continue
        if schema.get("type") == "array":
            lists.append("        %s: (minimum: %d, maximum: %d),"
                         % (swift_string(name), schema.get("minItems", 0), schema.get("maxItems", 1000)))
            continue
        found = []
        object_members(name, schema, found)
        ai = "true" if is_ai(name, schema) else "false"
        for member, kind, branch in found:
            members.append(
                "        EditParameterMember(spec: EditParameterSpec(name: %s, kind: %s, inGET: %s, inPOST: %s, isAI: %s), "
                "parent: %s, branch: %s),"
                % (swift_string(member), kind, "false" if kind == ".file" else "true", "true", ai,
                   swift_string(name), "nil" if branch is None else swift_string(branch))
            )

    version = document.get("info", {}).get("version", "unknown")
    source = (
        "// swift-format-ignore-file\n"
        "// Generated by scripts/generate-edit-parameters.py from Photoroom's OpenAPI document (version %s).\n"
        "// Do not edit by hand: change the script and run it again.\n\n"
        "extension EditParameters {\n"
        "    /// Every `/v2/edit` parameter the OpenAPI document lists (%d names).\n"
        "    static let generatedSpecs: [EditParameterSpec] = [\n%s\n    ]\n\n"
        "    /// The members of the object-valued parameters, sent as dotted fields (%d names).\n"
        "    static let generatedMembers: [EditParameterMember] = [\n%s\n    ]\n\n"
        "    /// Array-valued parameters, sent as repeated fields, with the document's item counts.\n"
        "    static let generatedLists: [String: (minimum: Int, maximum: Int)] = [\n%s\n    ]\n}\n"
    ) % (version, len(lines), "\n".join(lines), len(members), "\n".join(members), "\n".join(lists))
    with open(OUTPUT, "w") as handle:
        handle.write(source)
    print("wrote %s (%d parameters)" % (os.path.relpath(OUTPUT, ROOT), len(lines)))


if __name__ == "__main__":
    main()
