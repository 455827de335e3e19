#!/usr/bin/env python3
"""Writes the seed corpus of fuzz_tfplugin_request.

Each seed is a serialized tfplugin6 PlanResourceChange.Request (fields:
type_name=1, prior_state=2, proposed_new_state=3, config=4, prior_private=5,
provider_meta=6; DynamicValue: msgpack=1, json=2) for the `fuzz_thing`
schema in fuzz_tfplugin_request.cc. msgpack and protobuf are encoded by hand
so the script needs nothing but Python 3.

Usage: make_seeds.py <output directory>
"""
import json
import os
import struct
import sys


# --- msgpack -----------------------------------------------------------------

def nil():
    return b"\xc0"


def boolean(b):
    return b"\xc3" if b else b"\xc2"


def string(s):
    data = s.encode()
    if len(data) < 32:
        return bytes([0xA0 | len(data)]) + data
    return b"\xd9" + bytes([len(data)]) + data


def binary(data):
    return b"\xc4" + bytes([len(data)]) + data


def integer(n):
    if 0 <= n < 128:
        return bytes([n])
    if -32 <= n < 0:
        return struct.pack("b", n)
    if n < 0:
        return b"\xd3" + struct.pack(">q", n)
    return b"\xcf" + struct.pack(">Q", n)


def float64(d):
    return b"\xcb" + struct.pack(">d", d)


def float32(d):
    return b"\xca" + struct.pack(">f", d)


def array(items):
    assert len(items) < 16
    return bytes([0x90 | len(items)]) + b"".join(items)


def mapping(entries):
    """entries: dict of str -> encoded bytes; written in sorted key order."""
    keys = sorted(entries)
    head = bytes([0x80 | len(keys)]) if len(keys) < 16 else b"\xde" + struct.pack(">H", len(keys))
    return head + b"".join(string(k) + entries[k] for k in keys)


def dynamic(type_json, value):
    return array([binary(json.dumps(type_json, separators=(",", ":")).encode()), value])


UNKNOWN = b"\xd4\x00\x00"


def refined(payload):
    return b"\xc7" + bytes([len(payload)]) + b"\x0c" + payload


# --- protobuf ----------------------------------------------------------------

def varint(n):
    out = b""
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out += bytes([b | 0x80])
        else:
            return out + bytes([b])


def field(num, data):
    return varint(num << 3 | 2) + varint(len(data)) + data


def dv(msgpack=None, js=None):
    out = b""
    if msgpack is not None:
        out += field(1, msgpack)
    if js is not None:
        out += field(2, js.encode())
    return out


def plan(type_name="fuzz_thing", prior=None, proposed=None, config=None, private=b"",
         meta=None):
    out = field(1, type_name.encode())
    if prior is not None:
        out += field(2, prior)
    if proposed is not None:
        out += field(3, proposed)
    if config is not None:
        out += field(4, config)
    if private:
        out += field(5, private)
    if meta is not None:
        out += field(6, meta)
    return out


# --- the fuzz_thing object -----------------------------------------------------

def thing(**overrides):
    attrs = {
        "any": nil(), "count": nil(), "dyn": nil(), "flag": nil(), "id": nil(),
        "item": array([]), "labeled": mapping({}), "list": nil(), "name": string("x"),
        "nested": nil(), "obj": nil(), "rule": array([]), "single": nil(),
        "strings": nil(), "tags": nil(), "tup": nil(),
    }
    attrs.update(overrides)
    return mapping(attrs)


def main():
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    full = thing(
        count=integer(5), flag=boolean(True), tags=mapping({"a": string("b")}),
        list=array([integer(1), integer(2)]), strings=array([string("a")]),
        any=dynamic("string", string("v")),
        obj=mapping({"a": string("s"), "b": float64(1.5)}),
        tup=array([string("t"), boolean(True)]),
        nested=array([mapping({"x": string("n")})]),
        rule=array([mapping({"port": integer(80)})]),
        item=array([mapping({"k": string("v")})]),
        single=mapping({"v": string("one")}),
        labeled=mapping({"l": mapping({"v": string("w")})}),
        dyn=dynamic(["list", ["object", {"d": "string"}]], array([mapping({"d": string("q")})])))
    unknowns = thing(
        id=UNKNOWN,
        name=refined(mapping_int({1: boolean(False)})),
        count=refined(mapping_int({3: array([integer(1), boolean(True)]),
                                   4: array([integer(10), boolean(False)])})),
        list=refined(mapping_int({5: integer(1), 6: integer(3)})),
        strings=array([string("a"), UNKNOWN]),
        any=UNKNOWN, dyn=UNKNOWN, rule=UNKNOWN)
    numbers = thing(
        count=string("0.1"),
        list=array([b"\xcf\xff\xff\xff\xff\xff\xff\xff\xff", float32(1.5), integer(-200),
                    string("1e100"), integer(-1)]))
    seeds = {
        "create": plan(prior=dv(nil()), proposed=dv(full), config=dv(full), private=b"p"),
        "update": plan(prior=dv(full), proposed=dv(thing()), config=dv(thing())),
        "unknowns": plan(prior=dv(nil()), proposed=dv(unknowns), config=dv(unknowns)),
        "numbers": plan(prior=dv(nil()), proposed=dv(numbers), config=dv(numbers)),
        "destroy": plan(prior=dv(full), proposed=dv(nil()), config=dv(nil())),
        "unknown_type": plan(type_name="fuzz_thng", prior=dv(nil())),
        "corrupt": plan(prior=dv(nil()), proposed=dv(full[:40]), config=dv(b"\x80")),
        "json": plan(prior=dv(), proposed=dv(js='{"name":"j","count":"2"}'),
                     config=dv(js='{"name":"j","tags":{"a":"b"}}')),
        "provider_meta": plan(prior=dv(nil()), proposed=dv(thing()), config=dv(thing()),
                              meta=dv(mapping({"m": string("mod")}))),
    }
    for name, data in seeds.items():
        with open(os.path.join(out_dir, name), "wb") as f:
            f.write(data)


def mapping_int(entries):
    keys = sorted(entries)
    return bytes([0x80 | len(keys)]) + b"".join(integer(k) + entries[k] for k in keys)


if __name__ == "__main__":
    main()
