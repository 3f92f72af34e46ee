#!/usr/bin/env python3
"""Validates the contracts: OpenAPI with openapi-spec-validator, AsyncAPI against the official
AsyncAPI 3.0.0 JSON Schema (resolved offline from the copy in ../shared/specs), and every
example in both against the schema it illustrates. Prints one line per check; exits 1 on any
failure."""
import json
import pathlib
import sys

import yaml
from jsonschema import Draft7Validator, Draft202012Validator
from openapi_spec_validator import validate as validate_openapi
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7, DRAFT202012

ROOT = pathlib.Path(__file__).resolve().parent.parent
SHARED = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared"
failures = []


def check(name, errors):
    errors = list(errors)
    print(f"contract check: {name}: {'ok' if not errors else f'{len(errors)} error(s)'}")
    for error in errors:
        print(f"  - {error}")
    failures.extend(errors)


def load(path):
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def pointer(*tokens):
    """An RFC 6901 JSON pointer from reference tokens."""
    return "".join("/" + str(token).replace("~", "~0").replace("/", "~1") for token in tokens)


def openapi_examples(document):
    """Yields (where, schema pointer, example) for every example on a media type or schema."""
    def media_examples(where, media):
        if "schema" not in media:
            return
        if "example" in media:
            yield where + "/example", where + "/schema", media["example"]
        for key, example in (media.get("examples") or {}).items():
            if isinstance(example, dict) and "value" in example:
                yield f"{where}/examples/{key}", where + "/schema", example["value"]

    for path, item in (document.get("paths") or {}).items():
        for method, operation in item.items():
            if not isinstance(operation, dict) or method.startswith("x-") or method in ("parameters", "summary", "description", "servers"):
                continue
            for media_type, media in ((operation.get("requestBody") or {}).get("content") or {}).items():
                yield from media_examples(pointer("paths", path, method, "requestBody", "content", media_type), media)
            for status, response in (operation.get("responses") or {}).items():
                for media_type, media in ((response or {}).get("content") or {}).items():
                    yield from media_examples(pointer("paths", path, method, "responses", status, "content", media_type), media)
    for name, schema in ((document.get("components") or {}).get("schemas") or {}).items():
        for index, example in enumerate(schema.get("examples") or []):
            yield pointer("components", "schemas", name, "examples", index), pointer("components", "schemas", name), example


def example_errors(document, examples, validator_class, specification):
    """Validates each example against the schema at its pointer inside the whole document, so
    that `#/components/...` references resolve wherever the schema sits."""
    registry = Registry().with_resource("urn:contract", Resource(contents=document, specification=specification))
    for where, schema_pointer, example in examples:
        validator = validator_class({"$ref": "urn:contract#" + schema_pointer}, registry=registry,
                                    format_checker=validator_class.FORMAT_CHECKER)
        for error in validator.iter_errors(example):
            yield f"#{where}: {error.json_path}: {error.message}"


def topic_schema_errors(asyncapi):
    """Checks Sources/Generated/KafkaSchemas the way the broker uses them: the `value` schema
    compiled on its own (so every `$ref` must resolve inside it), every example payload of the
    topic's messages accepted, and `{}` refused (a schema that accepts everything is a defect)."""
    directory = ROOT / "Sources" / "Generated" / "KafkaSchemas"
    messages = (asyncapi.get("components") or {}).get("messages") or {}
    for channel in (asyncapi.get("channels") or {}).values():
        address = channel.get("address")
        path = directory / f"{address}.json"
        if not address or "{" in address:
            continue
        if not path.exists():
            yield f"{path.relative_to(ROOT)}: missing (run `swift run codegen`)"
            continue
        with open(path, encoding="utf-8") as handle:
            value_schema = json.load(handle)["properties"]["value"]
        validator = Draft202012Validator(value_schema)
        for reference in (channel.get("messages") or {}).values():
            name = reference.get("$ref", "").split("/")[-1]
            for index, example in enumerate((messages.get(name) or {}).get("examples") or []):
                for error in validator.iter_errors(example.get("payload")):
                    yield f"{path.name}: example {index} of {name}: {error.json_path}: {error.message}"
        if validator.is_valid({}):
            yield f"{path.name}: accepts an empty payload"


def main():
    openapi = load(ROOT / "contracts" / "openapi.yaml")
    try:
        validate_openapi(openapi)
        check("openapi.yaml is valid OpenAPI (openapi-spec-validator)", [])
    except Exception as error:  # the validator raises its first error
        check("openapi.yaml is valid OpenAPI (openapi-spec-validator)", [str(error).splitlines()[0]])
    check("openapi.yaml examples match their schemas",
          example_errors(openapi, openapi_examples(openapi), Draft202012Validator, DRAFT202012))

    asyncapi = load(ROOT / "contracts" / "asyncapi.yaml")
    with open(SHARED / "specs" / "asyncapi-3.0.0-without-id.schema.json", encoding="utf-8") as handle:
        meta_schema = json.load(handle)
    check("asyncapi.yaml is valid AsyncAPI 3.0.0 (official JSON Schema)",
          (f"{error.json_path}: {error.message}" for error in Draft7Validator(meta_schema).iter_errors(asyncapi)))

    def message_examples():
        for name, message in ((asyncapi.get("components") or {}).get("messages") or {}).items():
            for index, example in enumerate(message.get("examples") or []):
                for part in ("headers", "payload"):
                    if part in example and part in message:
                        yield (pointer("components", "messages", name, "examples", index, part),
                               pointer("components", "messages", name, part), example[part])
    check("asyncapi.yaml examples match their schemas",
          example_errors(asyncapi, message_examples(), Draft7Validator, DRAFT7))

    check("generated Kafka topic schemas accept every example and refuse an empty payload",
          topic_schema_errors(asyncapi))

    print(f"contract check: {'passed' if not failures else f'FAILED with {len(failures)} error(s)'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
